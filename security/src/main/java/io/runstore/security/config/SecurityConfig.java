package io.runstore.security.config;

import io.runstore.security.AuthProperties;
import io.runstore.security.Callers;
import io.runstore.security.RunNamespaces;
import io.runstore.security.web.CallerAuthenticationFilter;
import io.runstore.security.web.EndpointAuthorization;
import io.runstore.security.web.EndpointRules;
import io.runstore.security.web.KfpErrorAnswers;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.web.servlet.handler.AbstractHandlerMethodMapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one Spring Security filter chain in front of every endpoint (command and query API, OpenAPI document, KFP
 * passthrough, actuator): stateless, no sessions, no login forms; the caller from {@link CallerAuthenticationFilter},
 * every request decided by {@link EndpointAuthorization} from {@link EndpointRules}. Says at start which mode is in
 * force. Only in a process that serves HTTP (not the migrate role, not the command line).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(AuthProperties.class)
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    SecurityFilterChain runstoreSecurity(HttpSecurity http, AuthProperties auth, ObjectProvider<RunNamespaces> namespaces,
                                         ApplicationContext context) throws Exception {
        announce(auth);
        Callers callers = new Callers(auth);
        RunNamespaces lookup = namespaces.getIfAvailable(() -> id -> {
            throw new IllegalStateException("this process has no event store to look up namespaces in");
        });
        EndpointAuthorization authorization = new EndpointAuthorization(EndpointRules.runstore(auth.publicPrometheus()),
                lookup, () -> handlerMappings(context));
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(security -> security.securityContextRepository(
                        new RequestAttributeSecurityContextRepository()))
                .addFilterBefore(new CallerAuthenticationFilter(callers), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().access(authorization))
                .exceptionHandling(refusals -> refusals
                        .authenticationEntryPoint(KfpErrorAnswers.entryPoint(callers.userHeader() == null
                                ? "send 'Authorization: Bearer <token>'"
                                : "send 'Authorization: Bearer <token>' or come through the auth proxy"))
                        .accessDeniedHandler(KfpErrorAnswers.accessDenied()));
        return http.build();
    }

    /**
     * No observation per security filter: with an observation registry (the actuator's) Spring Security otherwise
     * wraps each of the chain's filters in observations of its own (spring.security.filterchains, .authorizations,
     * .http.secured.requests), which took about a tenth of a ListRuns request's CPU on the server
     * (docs/benchmarks/http-path.md). The request itself is still observed once (http.server.requests).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    private static Collection<AbstractHandlerMethodMapping<?>> handlerMappings(ApplicationContext context) {
        List<AbstractHandlerMethodMapping<?>> mappings = new ArrayList<>();
        context.getBeansOfType(AbstractHandlerMethodMapping.class).values()
                .forEach(mapping -> mappings.add((AbstractHandlerMethodMapping<?>) mapping));
        return mappings;
    }

    private static void announce(AuthProperties auth) {
        if (!auth.multiUser()) {
            log.warn("runstore.auth.mode=single-user{}: no authentication, namespaces ignored, every caller may read "
                    + "and write every run (as KFP standalone); set runstore.auth.mode=multi-user for more than one "
                    + "user", auth.mode() == null ? " (not configured: the default)" : "");
            return;
        }
        log.info("runstore.auth.mode=multi-user: identities from {} and bearer tokens of {} configured principals",
                auth.userHeader() == null || auth.userHeader().isBlank() ? "no proxy header (none trusted)"
                        : "the auth proxy's header " + auth.userHeader(), auth.principals().size());
        auth.principals().stream().filter(principal -> !principal.tokens().isEmpty()).forEach(principal ->
                log.warn("runstore.auth principal {} has bearer tokens in plain text; configure token-hashes (the "
                        + "SHA-256 of each token, hex) instead", principal.name()));
    }
}
