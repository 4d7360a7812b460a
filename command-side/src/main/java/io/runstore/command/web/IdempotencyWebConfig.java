package io.runstore.command.web;

import io.runstore.security.AuthProperties;
import io.runstore.security.Callers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** Lets command controllers take a {@link CommandOrigin} parameter: who sends the command, under which key. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthProperties.class)
class IdempotencyWebConfig implements WebMvcConfigurer {

    private final Callers callers;

    IdempotencyWebConfig(AuthProperties auth) {
        this.callers = new Callers(auth);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CommandOriginResolver(callers));
        resolvers.add(new CallerResolver(callers));
    }
}
