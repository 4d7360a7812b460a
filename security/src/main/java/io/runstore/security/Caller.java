package io.runstore.security;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is asking and what they may do where. In single-user mode everyone is the unrestricted caller and namespaces
 * are ignored; in multi-user mode a caller has roles per namespace ({@value #EVERY_NAMESPACE}: in every one).
 */
public record Caller(String principal, Map<String, Set<Role>> roles, boolean multiUser) {

    /** A grant's namespace meaning every namespace. */
    public static final String EVERY_NAMESPACE = "*";
    public static final Caller SINGLE_USER = new Caller("", Map.of(), false);

    public Caller {
        roles = Map.copyOf(roles);
    }

    /** Whether the caller may act in this role in this namespace. */
    public boolean may(Role role, String namespace) {
        return !multiUser || rolesIn(EVERY_NAMESPACE).contains(role)
                || (namespace != null && rolesIn(namespace).contains(role));
    }

    /** Whether the caller has the role in some namespace (what the chain checks before the namespace is known). */
    public boolean hasAnywhere(Role role) {
        return !multiUser || roles.values().stream().anyMatch(held -> held.contains(role));
    }

    public boolean mayRead(String namespace) {
        return may(Role.READ, namespace);
    }

    /** Whether the caller reads every namespace (single-user, or a grant on {@value #EVERY_NAMESPACE}). */
    public boolean readsEveryNamespace() {
        return may(Role.READ, null);
    }

    /** The namespaces the caller may read, by name (without {@value #EVERY_NAMESPACE}). */
    public Set<String> namespaces() {
        return roles.entrySet().stream()
                .filter(entry -> !entry.getKey().equals(EVERY_NAMESPACE) && entry.getValue().contains(Role.READ))
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /** Refuses with 403 unless the caller may read this namespace. */
    public void checkMayRead(String namespace, String what) {
        check(namespace, what, Role.READ);
    }

    /** Refuses with 403 unless the caller has one of the roles in the namespace {@code what} belongs to. */
    public void check(String namespace, String what, Role... anyOf) {
        for (Role role : anyOf) {
            if (may(role, namespace)) {
                return;
            }
        }
        throw AccessRefused.denied(principal + " may not " + verb(anyOf) + " " + what + ": it belongs to namespace '"
                + namespace + "'");
    }

    private static String verb(Role... roles) {
        return Arrays.stream(roles).map(role -> switch (role) {
            case READ -> "read";
            case WRITE -> "write";
            case EXECUTE -> "report execution of";
            case ADMIN -> "administer";
        }).collect(Collectors.joining(" or "));
    }

    private Set<Role> rolesIn(String namespace) {
        return roles.getOrDefault(namespace, Set.of());
    }
}
