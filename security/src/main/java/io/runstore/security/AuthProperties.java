package io.runstore.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * {@code runstore.auth.*}: who may do what.
 *
 * @param mode             {@code single-user} (KFP standalone: no authentication, namespaces ignored, every caller may
 *                         do everything) or {@code multi-user}
 * @param userHeader       the header a trusted auth proxy sets to the caller's identity (KFP: {@code kubeflow-userid});
 *                         unset: the header is not trusted and only bearer tokens authenticate
 * @param userPrefix       a prefix the proxy puts before the identity, stripped (KFP: {@code accounts.google.com:})
 * @param principals       who exists: a name, its namespaces and roles, and the bearer tokens that authenticate it
 * @param publicPrometheus multi-user: {@code /actuator/prometheus} answers without authentication (for a scraper
 *                         inside the cluster); otherwise only admins read it
 */
@ConfigurationProperties("runstore.auth")
public record AuthProperties(Mode mode, String userHeader, String userPrefix, List<Principal> principals,
                             boolean publicPrometheus) {

    public AuthProperties {
        principals = principals == null ? List.of() : principals;
    }

    /** The mode in force: single-user unless configured otherwise. */
    public Mode effectiveMode() {
        return mode == null ? Mode.SINGLE_USER : mode;
    }

    public boolean multiUser() {
        return effectiveMode() == Mode.MULTI_USER;
    }

    public enum Mode {
        SINGLE_USER,
        MULTI_USER
    }

    /**
     * A person or service account.
     *
     * @param name        its identity: what the auth proxy's header carries (after the prefix), or any name for a
     *                    principal that authenticates with a token
     * @param namespaces  namespaces it uses as a user: {@link Role#READ} and {@link Role#WRITE} in each
     * @param grants      further roles per namespace ({@code *}: every namespace), e.g. an executor's
     *                    {@link Role#EXECUTE} or an operator's {@link Role#ADMIN}
     * @param tokenHashes SHA-256 of its bearer tokens, hex ({@code sha256sum} of the token without newline)
     * @param tokens      its bearer tokens in plain text: accepted, hashed at start and warned about (store hashes)
     */
    public record Principal(String name, List<String> namespaces, List<Grant> grants, List<String> tokenHashes,
                            List<String> tokens) {

        public Principal {
            namespaces = namespaces == null ? List.of() : namespaces;
            grants = grants == null ? List.of() : grants;
            tokenHashes = tokenHashes == null ? List.of() : tokenHashes;
            tokens = tokens == null ? List.of() : tokens;
        }
    }

    /** Roles in a namespace, or in every namespace ({@value Caller#EVERY_NAMESPACE}). */
    public record Grant(String namespace, List<Role> roles) {

        public Grant {
            roles = roles == null ? List.of() : roles;
        }
    }
}
