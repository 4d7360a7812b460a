package io.runstore.query.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * {@code runstore.auth.*}: who may read what.
 *
 * @param mode       {@code single-user} (KFP standalone: no authentication, namespaces ignored) or {@code multi-user}
 * @param userHeader the header a trusted auth proxy sets to the caller's identity (KFP: {@code kubeflow-userid});
 *                   unset: the header is not trusted and only bearer tokens authenticate
 * @param userPrefix a prefix the proxy puts before the identity, stripped (KFP: {@code accounts.google.com:})
 * @param principals who exists: a name, the namespaces it may read and the bearer tokens that authenticate it
 */
@ConfigurationProperties("runstore.auth")
public record AuthProperties(Mode mode, String userHeader, String userPrefix, List<Principal> principals) {

    public AuthProperties {
        mode = mode == null ? Mode.SINGLE_USER : mode;
        principals = principals == null ? List.of() : principals;
    }

    public enum Mode {
        SINGLE_USER,
        MULTI_USER
    }

    public record Principal(String name, List<String> namespaces, List<String> tokens) {

        public Principal {
            namespaces = namespaces == null ? List.of() : namespaces;
            tokens = tokens == null ? List.of() : tokens;
        }
    }
}
