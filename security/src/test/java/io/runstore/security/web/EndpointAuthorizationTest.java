package io.runstore.security.web;

import io.runstore.api.ErrorCode;
import io.runstore.security.Caller;
import io.runstore.security.Role;
import io.runstore.security.RunNamespaces;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointAuthorizationTest {

    private static final Caller ALICE = new Caller("alice", Map.of("ns-a", Set.of(Role.READ, Role.WRITE)), true);

    @Test
    void aNamespaceThatCannotBeLookedUpIsUnavailableNotAnError() {
        RunNamespaces down = id -> {
            throw new IllegalStateException("connection refused");
        };
        AuthorizationDecision decision = decide(down, "POST", "/apis/v2beta1/runs/r-1:archive", ALICE);
        assertThat(decision.isGranted()).isFalse();
        assertThat(decision).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(refusal.message()).contains("retry");
        });
    }

    @Test
    void theRunsOwnNamespaceDecidesAndAnUnknownRunPassesOnToItsNotFound() {
        RunNamespaces namespaces = id -> id.equals("r-b") ? Optional.of("ns-b") : Optional.empty();
        assertThat(decide(namespaces, "POST", "/apis/v2beta1/runs/r-b:archive", ALICE))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                    assertThat(refusal.message()).contains("ns-b");
                });
        assertThat(decide(namespaces, "POST", "/apis/v2beta1/runs/unknown:archive", ALICE).isGranted()).isTrue();
    }

    @Test
    void anEndpointWithoutARuleIsRefusedAndAnUnknownRouteGoesOnToItsNotFound() throws Exception {
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        mapping.registerMapping(RequestMappingInfo.paths("/apis/v2beta1/added-later").methods(RequestMethod.GET)
                .build(), new Endpoint(), Endpoint.class.getMethod("handle"));
        EndpointAuthorization authorization = new EndpointAuthorization(EndpointRules.runstore(false),
                id -> Optional.empty(), () -> List.<AbstractHandlerMethodMapping<?>>of(mapping));

        AuthorizationDecision unruled = check(authorization, "GET", "/apis/v2beta1/added-later", Caller.SINGLE_USER);
        AuthorizationDecision unknown = check(authorization, "GET", "/apis/v2beta1/no-such-route", Caller.SINGLE_USER);

        assertThat(unruled).isInstanceOfSatisfying(Refusal.class, refusal ->
                assertThat(refusal.message()).contains("no access rule for GET /apis/v2beta1/added-later"));
        assertThat(unknown.isGranted()).isTrue();
    }

    @Test
    void theScrapeEndpointIsPublicOnlyWhenConfiguredAndTheRestOfTheActuatorIsForAdmins() {
        assertThat(EndpointRules.runstore(true).match("GET", "/actuator/prometheus").orElseThrow().access().scope())
                .isEqualTo(Access.Scope.PUBLIC);
        Access closed = EndpointRules.runstore(false).match("GET", "/actuator/prometheus").orElseThrow().access();
        assertThat(closed.scope()).isEqualTo(Access.Scope.EVERY_NAMESPACE);
        assertThat(closed.roles()).containsExactly(Role.ADMIN);
        assertThat(EndpointRules.runstore(true).match("GET", "/actuator/health/db").orElseThrow().access().roles())
                .as("a health component's details").containsExactly(Role.ADMIN);
    }

    private static AuthorizationDecision decide(RunNamespaces namespaces, String method, String path, Caller caller) {
        return check(new EndpointAuthorization(EndpointRules.runstore(false), namespaces, List::of), method, path,
                caller);
    }

    @SuppressWarnings("deprecation")
    private static AuthorizationDecision check(EndpointAuthorization authorization, String method, String path,
                                               Caller caller) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        return authorization.check(() -> new CallerAuthentication(caller), new RequestAuthorizationContext(request));
    }

    public static final class Endpoint {

        public String handle() {
            return "";
        }
    }
}
