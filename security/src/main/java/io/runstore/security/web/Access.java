package io.runstore.security.web;

import io.runstore.security.Role;

import java.util.Set;

/**
 * What an endpoint asks of its caller.
 *
 * @param scope    where the roles are looked for
 * @param roles    any one of them suffices
 * @param idName   for {@link Scope#RUN} and {@link Scope#EXPERIMENT}: the path variable naming it
 */
public record Access(Scope scope, Set<Role> roles, String idName) {

    public enum Scope {
        /** Anyone, without an identity (KFP's healthz, probes). */
        PUBLIC,
        /** Any authenticated caller (the OpenAPI document; the KFP passthrough, where KFP authorizes). */
        AUTHENTICATED,
        /**
         * One of the roles in some namespace; the handler resolves the namespace (from the request or the experiment
         * named) and checks it before anything is read or written.
         */
        HANDLER,
        /** One of the roles in the namespace of the run the path names, as its creation event says. */
        RUN,
        /** One of the roles in the namespace of the experiment the path names, as its creation event says. */
        EXPERIMENT,
        /** One of the roles in every namespace (a grant on {@code *}): cluster-wide agents and operators. */
        EVERY_NAMESPACE
    }

    static Access publicly() {
        return new Access(Scope.PUBLIC, Set.of(), null);
    }

    static Access authenticated() {
        return new Access(Scope.AUTHENTICATED, Set.of(), null);
    }

    static Access handler(Role... anyOf) {
        return new Access(Scope.HANDLER, Set.of(anyOf), null);
    }

    static Access run(String idName, Role... anyOf) {
        return new Access(Scope.RUN, Set.of(anyOf), idName);
    }

    static Access experiment(String idName, Role... anyOf) {
        return new Access(Scope.EXPERIMENT, Set.of(anyOf), idName);
    }

    static Access everywhere(Role... anyOf) {
        return new Access(Scope.EVERY_NAMESPACE, Set.of(anyOf), null);
    }
}
