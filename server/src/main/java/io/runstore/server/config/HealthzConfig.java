package io.runstore.server.config;

import io.runstore.api.healthz.Healthz;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's {@link Healthz}, one bean for HTTP and gRPC. The version comes from the build ({@code build-info});
 * the commit from {@code runstore.build.commit-sha} (env {@code COMMIT_SHA}, as KFP's server reads it).
 */
@Configuration(proxyBeanMethods = false)
class HealthzConfig {

    @Bean
    Healthz healthz(ObjectProvider<BuildProperties> build,
                    @Value("${runstore.build.commit-sha:${COMMIT_SHA:unknown}}") String commitSha,
                    @Value("${runstore.auth.mode:single-user}") String authMode) {
        BuildProperties properties = build.getIfAvailable();
        String version = properties == null ? "unknown" : properties.getVersion();
        boolean multiUser = authMode.replace('_', '-').equalsIgnoreCase("multi-user");
        return new Healthz(commitSha, version, multiUser, Healthz.DATABASE);
    }
}
