package io.runstore.security.web;

import io.runstore.security.Caller;
import io.runstore.security.Role;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * Spring Security's view of an authenticated {@link Caller}. Its only authority is {@code ROLE_ADMIN}, for an admin of
 * every namespace (what Spring Boot's health endpoint asks before it shows details); namespaces are checked by
 * {@link EndpointAuthorization} and the handlers.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    CallerAuthentication(Caller caller) {
        super(authorities(caller));
        this.caller = caller;
        setAuthenticated(true);
    }

    Caller caller() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller.principal();
    }

    @Override
    public String getName() {
        return caller.multiUser() ? caller.principal() : "single-user";
    }

    private static List<GrantedAuthority> authorities(Caller caller) {
        return caller.may(Role.ADMIN, null) ? List.of(new SimpleGrantedAuthority("ROLE_ADMIN")) : List.of();
    }
}
