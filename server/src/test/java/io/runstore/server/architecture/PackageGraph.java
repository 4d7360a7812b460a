package io.runstore.server.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * runstore's modules, their packages and who depends on whom, read from the classes, drawn as a Mermaid flowchart:
 * one box per module with its packages, an arrow from a package to each package of its module it uses, and from a
 * package to each other module it uses. A generated package (jOOQ's tables) is one node, "schema (generated)".
 */
final class PackageGraph {

    /** Packages by module name, each as its path below the module's root package ("" for the root itself). */
    private final Map<String, Set<String>> packages = new TreeMap<>();
    private final Set<String> withinModules = new TreeSet<>();
    private final Set<String> betweenModules = new TreeSet<>();

    private PackageGraph() {
    }

    static PackageGraph of(JavaClasses classes) {
        PackageGraph graph = new PackageGraph();
        for (JavaClass javaClass : classes) {
            Optional<Node> from = node(javaClass.getPackageName());
            if (from.isEmpty()) {
                continue;
            }
            graph.add(from.get());
            for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                node(dependency.getTargetClass().getPackageName()).filter(to -> !to.equals(from.get()))
                        .ifPresent(to -> graph.link(from.get(), to));
            }
        }
        return graph;
    }

    private void add(Node node) {
        packages.computeIfAbsent(node.module(), module -> new TreeSet<>()).add(node.path());
    }

    private void link(Node from, Node to) {
        add(to);
        if (from.module().equals(to.module())) {
            withinModules.add(from.id() + " --> " + to.id());
        } else {
            betweenModules.add(from.id() + " --> " + moduleId(to.module()));
        }
    }

    /** The flowchart, deterministic: the same classes always give the same text. */
    String mermaid() {
        StringBuilder chart = new StringBuilder("flowchart LR\n");
        for (RunstoreClasses.Module module : RunstoreClasses.MODULES) {
            Set<String> paths = packages.getOrDefault(module.name(), Set.of());
            chart.append("  subgraph ").append(moduleId(module.name())).append("[\"")
                    .append(module.name()).append("/\"]\n");
            for (String path : paths) {
                Node node = new Node(module.name(), path);
                chart.append("    ").append(node.id()).append("[\"").append(node.label(module)).append("\"]\n");
            }
            chart.append("  end\n");
        }
        withinModules.forEach(edge -> chart.append("  ").append(edge).append('\n'));
        betweenModules.forEach(edge -> chart.append("  ").append(edge).append('\n'));
        return chart.toString();
    }

    private static Optional<Node> node(String packageName) {
        return RunstoreClasses.moduleOf(packageName).map(module -> {
            String path = packageName.substring(module.rootPackage().length());
            if (RunstoreClasses.isGenerated(packageName)) {
                String generated = RunstoreClasses.GENERATED.stream()
                        .filter(root -> packageName.equals(root) || packageName.startsWith(root + "."))
                        .findFirst().orElseThrow();
                path = generated.substring(module.rootPackage().length());
            }
            return new Node(module.name(), path.startsWith(".") ? path.substring(1) : path);
        });
    }

    private static String moduleId(String module) {
        return "m_" + module.replace('-', '_');
    }

    /** A package of a module, by its path below the module's root package. */
    private record Node(String module, String path) {

        String id() {
            return (module + "_" + (path.isEmpty() ? "root" : path)).replace('-', '_').replace('.', '_');
        }

        String label(RunstoreClasses.Module of) {
            String simple = path.isEmpty() ? of.rootPackage().substring(of.rootPackage().lastIndexOf('.') + 1)
                    : path;
            boolean generated = RunstoreClasses.isGenerated(of.rootPackage() + (path.isEmpty() ? "" : "." + path));
            return generated ? simple + " (generated)" : simple;
        }
    }
}
