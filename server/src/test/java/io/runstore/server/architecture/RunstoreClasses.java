package io.runstore.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.util.List;
import java.util.Optional;

/**
 * runstore's classes, as the server's test classpath holds them (every module's main classes but the benchmarks',
 * which {@code BenchPackagesTest} checks), and the module each package belongs to. Generated code (jOOQ's table
 * classes, the KFP protos) is left out.
 */
final class RunstoreClasses {

    /** The modules by their root package, in the order the build makes them. */
    static final List<Module> MODULES = List.of(
            new Module("events", "io.runstore.events"),
            new Module("api", "io.runstore.api"),
            new Module("security", "io.runstore.security"),
            new Module("database", "io.runstore.database"),
            new Module("event-store", "io.runstore.eventstore"),
            new Module("read-tables", "io.runstore.readtables"),
            new Module("command-side", "io.runstore.command"),
            new Module("projections", "io.runstore.projections"),
            new Module("query-side", "io.runstore.query"),
            new Module("publisher", "io.runstore.publisher"),
            new Module("server", "io.runstore.server"),
            new Module("test-support", "io.runstore.testsupport"));

    /** The packages jOOQ generates from the migrations. */
    static final List<String> GENERATED = List.of("io.runstore.eventstore.schema", "io.runstore.readtables.schema",
            "io.runstore.command.schema");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> GENERATED.stream().noneMatch(generated ->
                    location.contains("/" + generated.replace('.', '/') + "/")))
            .importPackages(MODULES.stream().map(Module::rootPackage).toArray(String[]::new));

    private RunstoreClasses() {
    }

    static JavaClasses all() {
        return CLASSES;
    }

    static Optional<Module> moduleOf(String packageName) {
        return MODULES.stream().filter(module -> packageName.equals(module.rootPackage())
                || packageName.startsWith(module.rootPackage() + ".")).findFirst();
    }

    static boolean isGenerated(String packageName) {
        return GENERATED.stream().anyMatch(generated -> packageName.equals(generated)
                || packageName.startsWith(generated + "."));
    }

    /** A module of the build and the package all its classes are under. */
    record Module(String name, String rootPackage) {
    }
}
