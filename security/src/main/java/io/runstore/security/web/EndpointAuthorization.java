package io.runstore.security.web;

import io.runstore.api.ErrorCode;
import io.runstore.security.Caller;
import io.runstore.security.Callers;
import io.runstore.security.Role;
import io.runstore.security.RunNamespaces;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The chain's decision for every request, from {@link EndpointRules}: public endpoints for anyone, the rest for an
 * authenticated caller with one of the endpoint's roles, in the namespace of the run or experiment the path names
 * when it names one (looked up in the event log, not taken from the request). A request to an existing endpoint
 * without a rule is refused; an unknown id passes on to the handler's 404.
 */
public final class EndpointAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    private static final Logger log = LoggerFactory.getLogger(EndpointAuthorization.class);
    private static final AuthorizationDecision PERMIT = new AuthorizationDecision(true);
    /** Anonymous: the exception translation answers 401. */
    private static final AuthorizationDecision ANONYMOUS = new AuthorizationDecision(false);

    private final EndpointRules rules;
    private final RunNamespaces namespaces;
    private final Supplier<Collection<AbstractHandlerMethodMapping<?>>> mappings;

    public EndpointAuthorization(EndpointRules rules, RunNamespaces namespaces,
                                 Supplier<Collection<AbstractHandlerMethodMapping<?>>> mappings) {
        this.rules = rules;
        this.namespaces = namespaces;
        this.mappings = mappings;
    }

    @Override
    @SuppressWarnings("deprecation")
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        Optional<EndpointRules.Match> match = rules.match(request);
        if (match.isEmpty()) {
            return handled(request) ? new Refusal(ErrorCode.PERMISSION_DENIED, "no access rule for "
                    + request.getMethod() + " " + request.getRequestURI() + ": refused until one is added") : PERMIT;
        }
        Access access = match.get().access();
        if (access.scope() == Access.Scope.PUBLIC) {
            return PERMIT;
        }
        if (!(authentication.get() instanceof CallerAuthentication authenticated)) {
            return ANONYMOUS;
        }
        Caller caller = authenticated.caller();
        return switch (access.scope()) {
            case PUBLIC, AUTHENTICATED -> PERMIT;
            case HANDLER -> access.roles().stream().anyMatch(caller::hasAnywhere) ? PERMIT
                    : denied(caller, "has no " + roles(access) + " role in any namespace");
            case EVERY_NAMESPACE -> access.roles().stream().anyMatch(role -> caller.may(role, null)) ? PERMIT
                    : denied(caller, "needs the " + roles(access) + " role in every namespace");
            case RUN, EXPERIMENT -> inNamespaceOf(request, caller, access,
                    match.get().variables().get(access.idName()));
        };
    }

    private AuthorizationDecision inNamespaceOf(HttpServletRequest request, Caller caller, Access access, String id) {
        String what = (access.scope() == Access.Scope.RUN ? "run " : "experiment ") + id;
        if (access.roles().stream().noneMatch(caller::hasAnywhere)) {
            return denied(caller, "has no " + roles(access) + " role in any namespace, so not for " + what);
        }
        if (!caller.multiUser()) {
            return PERMIT;
        }
        Optional<String> namespace;
        try {
            namespace = namespaces.of(id);
        } catch (RuntimeException e) {
            log.warn("Cannot look up the namespace of {}: {}", what, e.toString());
            return new Refusal(ErrorCode.UNAVAILABLE, "the namespace of " + what + " cannot be looked up: the "
                    + "database cannot be reached; retry after " + KfpErrorAnswers.RETRY_AFTER_SECONDS + " s");
        }
        if (namespace.isEmpty()) {
            return PERMIT; // the handler answers 404, as for anyone
        }
        request.setAttribute(Callers.NAMESPACE_ATTRIBUTE, namespace.get());
        for (Role role : access.roles()) {
            if (caller.may(role, namespace.get())) {
                return PERMIT;
            }
        }
        return denied(caller, "may not " + roles(access).toLowerCase() + " " + what + ": it belongs to namespace '"
                + namespace.get() + "'");
    }

    /**
     * Whether an endpoint would handle the request as it is: the handler mappings are asked as the dispatcher will
     * ask them, on a copy of the request whose attributes they set stay their own.
     */
    private boolean handled(HttpServletRequest request) {
        HttpServletRequest probe = new ProbeRequest(request);
        ServletRequestPathUtils.parseAndCache(probe);
        for (AbstractHandlerMethodMapping<?> mapping : mappings.get()) {
            try {
                if (mapping.getHandler(probe) != null) {
                    return true;
                }
            } catch (Exception e) {
                // another method, media type or parameters: not handled as asked (405, 415, ... follow)
            }
        }
        return false;
    }

    /** The request with attributes of its own on top of the original's. */
    private static final class ProbeRequest extends HttpServletRequestWrapper {

        private final Map<String, Object> attributes = new HashMap<>();

        ProbeRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.containsKey(name) ? attributes.get(name) : super.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.put(name, null);
        }
    }

    private static Refusal denied(Caller caller, String why) {
        return new Refusal(ErrorCode.PERMISSION_DENIED, caller.principal() + " " + why);
    }

    private static String roles(Access access) {
        Set<String> names = access.roles().stream().map(Role::name).collect(Collectors.toCollection(java.util.TreeSet::new));
        return String.join(" or ", names);
    }
}
