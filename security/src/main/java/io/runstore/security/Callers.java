package io.runstore.security;

import jakarta.servlet.http.HttpServletRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Authenticates a request from its bearer token or the trusted auth proxy's user header, as configured. Tokens are
 * kept as SHA-256 hashes only (configured so, or hashed at start) and compared by hash. The chain authenticates
 * every request once and leaves the {@link Caller} in the request ({@link #ATTRIBUTE}); {@link #authenticate} returns
 * it from there, or authenticates itself where no chain ran (a module tested alone).
 */
public final class Callers {

    /** The request attribute the chain leaves the authenticated caller in. */
    public static final String ATTRIBUTE = Caller.class.getName();
    /** The request attribute naming the namespace the chain authorized the request in (of the run it names). */
    public static final String NAMESPACE_ATTRIBUTE = Caller.class.getName() + ".namespace";
    private static final String BEARER = "bearer ";

    private final AuthProperties properties;
    /** Each configured principal's caller, made once: a request looks its caller up, it builds nothing. */
    private final Map<String, Caller> byName = new HashMap<>();
    private final Map<String, Caller> byTokenHash = new HashMap<>();

    public Callers(AuthProperties properties) {
        this.properties = properties;
        for (AuthProperties.Principal principal : properties.principals()) {
            Caller caller = caller(principal);
            byName.put(principal.name(), caller);
            principal.tokenHashes().forEach(hash -> byTokenHash.put(hash.toLowerCase(Locale.ROOT), caller));
            principal.tokens().forEach(token -> byTokenHash.put(sha256(token), caller));
        }
    }

    public boolean multiUser() {
        return properties.multiUser();
    }

    /** The request's caller: the one the chain authenticated, else authenticated here; 401 without an identity. */
    public Caller authenticate(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof Caller caller) {
            return caller;
        }
        Caller caller = identify(request::getHeader).orElseThrow(this::unauthenticated);
        request.setAttribute(ATTRIBUTE, caller);
        return caller;
    }

    /** A caller from headers read by name (HTTP, gRPC metadata); 401 without an identity. */
    public Caller authenticate(Function<String, String> headers) {
        return identify(headers).orElseThrow(this::unauthenticated);
    }

    /**
     * The caller the headers identify; empty when they carry no identity (an anonymous caller, who may reach public
     * endpoints only); an unknown bearer token is refused (401).
     */
    public Optional<Caller> identify(Function<String, String> headers) {
        if (!properties.multiUser()) {
            return Optional.of(Caller.SINGLE_USER);
        }
        String authorization = headers.apply("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            Caller caller = byTokenHash.get(sha256(authorization.substring(BEARER.length()).trim()));
            if (caller == null) {
                throw AccessRefused.unauthenticated("the bearer token is not known");
            }
            return Optional.of(caller);
        }
        if (properties.userHeader() != null && !properties.userHeader().isBlank()) {
            String user = headers.apply(properties.userHeader());
            if (user != null && !user.isBlank()) {
                String prefix = properties.userPrefix() == null ? "" : properties.userPrefix();
                String name = user.startsWith(prefix) ? user.substring(prefix.length()) : user;
                Caller known = byName.get(name);
                return Optional.of(known == null ? new Caller(name, Map.of(), true) : known);
            }
        }
        return Optional.empty();
    }

    /** The header the auth proxy sets, with the prefix it puts before the name; null when none is trusted. */
    public String userHeader() {
        return properties.userHeader() == null || properties.userHeader().isBlank() ? null : properties.userHeader();
    }

    /** The value the auth proxy would set in {@link #userHeader()} for this caller. */
    public String userHeaderValue(Caller caller) {
        return (properties.userPrefix() == null ? "" : properties.userPrefix()) + caller.principal();
    }

    /** Whether the request's Authorization header is a bearer token of one of runstore's principals. */
    public boolean isOwnToken(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && byTokenHash.containsKey(sha256(authorization.substring(BEARER.length()).trim()));
    }

    private AccessRefused unauthenticated() {
        return AccessRefused.unauthenticated("authentication required: send 'Authorization: Bearer <token>'"
                + (userHeader() == null ? "" : " or come through the auth proxy"));
    }

    private static Caller caller(AuthProperties.Principal principal) {
        Map<String, Set<Role>> roles = new HashMap<>();
        for (String namespace : principal.namespaces()) {
            roles.computeIfAbsent(namespace, n -> EnumSet.noneOf(Role.class)).addAll(Set.of(Role.READ, Role.WRITE));
        }
        for (AuthProperties.Grant grant : principal.grants()) {
            roles.computeIfAbsent(grant.namespace(), n -> EnumSet.noneOf(Role.class)).addAll(grant.roles());
        }
        Map<String, Set<Role>> frozen = new HashMap<>();
        roles.forEach((namespace, held) -> frozen.put(namespace, Set.copyOf(held)));
        return new Caller(principal.name(), frozen, true);
    }

    /** SHA-256 of the token's UTF-8 bytes, lower-case hex: what {@code token-hashes} holds. */
    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
