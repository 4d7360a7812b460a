package io.runstore.security.web;

import io.runstore.security.AccessRefused;
import io.runstore.security.Caller;
import io.runstore.security.Callers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates every request once, before authorization: a known bearer token or the auth proxy's user header make
 * the request's {@link Caller} (left in the request for the handlers, {@link Callers#ATTRIBUTE}); no identity leaves it
 * anonymous (public endpoints only); an unknown token is answered 401 at once. In single-user mode every request is
 * the unrestricted caller.
 */
public final class CallerAuthenticationFilter extends OncePerRequestFilter {

    private final Callers callers;

    public CallerAuthenticationFilter(Callers callers) {
        this.callers = callers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller;
        try {
            caller = callers.identify(request::getHeader);
        } catch (AccessRefused e) {
            KfpErrorAnswers.write(response, e.code(), e.getMessage());
            return;
        }
        if (caller.isPresent()) {
            request.setAttribute(Callers.ATTRIBUTE, caller.get());
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new CallerAuthentication(caller.get()));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
