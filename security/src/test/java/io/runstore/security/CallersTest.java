package io.runstore.security;

import io.runstore.api.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallersTest {

    private static final AuthProperties AUTH = new AuthProperties(AuthProperties.Mode.MULTI_USER, "kubeflow-userid",
            "accounts.google.com:", List.of(
            new AuthProperties.Principal("alice", List.of("ns-a"), List.of(), List.of(Callers.sha256("s3cret")),
                    List.of()),
            new AuthProperties.Principal("agent", List.of(), List.of(new AuthProperties.Grant("*",
                    List.of(Role.EXECUTE))), List.of(), List.of("plain"))), false);

    @Test
    void aTokenAuthenticatesByItsHashAndAnUnknownOneIsRefused() {
        Callers callers = new Callers(AUTH);
        Caller alice = callers.identify(Map.of("Authorization", "Bearer s3cret")::get).orElseThrow();
        assertThat(alice.principal()).isEqualTo("alice");
        assertThat(alice.may(Role.WRITE, "ns-a")).isTrue();
        assertThat(alice.may(Role.WRITE, "ns-b")).isFalse();
        assertThat(alice.may(Role.EXECUTE, "ns-a")).isFalse();
        assertThatThrownBy(() -> callers.identify(Map.of("Authorization", "Bearer " + Callers.sha256("s3cret"))::get))
                .as("the hash itself is no token").isInstanceOf(AccessRefused.class)
                .extracting(e -> ((AccessRefused) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void aGrantOnEveryNamespaceAndThePlainTokensStillAuthenticate() {
        Caller agent = new Callers(AUTH).identify(Map.of("Authorization", "bearer plain")::get).orElseThrow();
        assertThat(agent.may(Role.EXECUTE, "any-namespace")).isTrue();
        assertThat(agent.may(Role.EXECUTE, null)).isTrue();
        assertThat(agent.mayRead("any-namespace")).isFalse();
    }

    @Test
    void theProxyHeaderNamesThePrincipalAfterItsPrefixAndNoIdentityIsAnonymous() {
        Callers callers = new Callers(AUTH);
        assertThat(callers.identify(Map.of("kubeflow-userid", "accounts.google.com:alice")::get)
                .map(Caller::principal)).contains("alice");
        Caller stranger = callers.identify(Map.of("kubeflow-userid", "accounts.google.com:mallory")::get)
                .orElseThrow();
        assertThat(stranger.hasAnywhere(Role.READ)).isFalse();
        assertThat(callers.identify(Map.<String, String>of()::get)).isEqualTo(Optional.empty());
    }

    @Test
    void singleUserIsEveryoneWithEveryRole() {
        Callers callers = new Callers(new AuthProperties(null, null, null, null, false));
        Caller caller = callers.identify(Map.<String, String>of()::get).orElseThrow();
        assertThat(caller.may(Role.ADMIN, null)).isTrue();
        assertThat(caller.may(Role.WRITE, "anything")).isTrue();
    }
}
