package io.runstore.query.auth;

import io.runstore.api.ErrorCode;
import io.runstore.query.web.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Authenticates a request from its bearer token or the trusted user header, as configured. */
public final class Callers {

    private static final String BEARER = "Bearer ";

    private final AuthProperties properties;
    private final Map<String, AuthProperties.Principal> byName = new HashMap<>();

    public Callers(AuthProperties properties) {
        this.properties = properties;
        for (AuthProperties.Principal principal : properties.principals()) {
            byName.put(principal.name(), principal);
        }
    }

    public Caller authenticate(HttpServletRequest request) {
        if (properties.mode() == AuthProperties.Mode.SINGLE_USER) {
            return Caller.SINGLE_USER;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.startsWith(BEARER)) {
            return caller(byToken(authorization.substring(BEARER.length()).trim()));
        }
        if (properties.userHeader() != null && !properties.userHeader().isBlank()) {
            String user = request.getHeader(properties.userHeader());
            if (user != null && !user.isBlank()) {
                String prefix = properties.userPrefix() == null ? "" : properties.userPrefix();
                String name = user.startsWith(prefix) ? user.substring(prefix.length()) : user;
                AuthProperties.Principal known = byName.get(name);
                return known == null ? new Caller(name, Set.of(), true) : caller(known);
            }
        }
        throw new QueryException(ErrorCode.UNAUTHENTICATED, "authentication required: send 'Authorization: Bearer "
                + "<token>'" + (properties.userHeader() == null ? "" : " or come through the auth proxy"));
    }

    private AuthProperties.Principal byToken(String token) {
        byte[] presented = token.getBytes(StandardCharsets.UTF_8);
        for (AuthProperties.Principal principal : properties.principals()) {
            for (String known : principal.tokens()) {
                if (MessageDigest.isEqual(known.getBytes(StandardCharsets.UTF_8), presented)) {
                    return principal;
                }
            }
        }
        throw new QueryException(ErrorCode.UNAUTHENTICATED, "the bearer token is not known");
    }

    private static Caller caller(AuthProperties.Principal principal) {
        return new Caller(principal.name(), Set.copyOf(principal.namespaces()), true);
    }
}
