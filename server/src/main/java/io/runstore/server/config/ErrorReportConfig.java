package io.runstore.server.config;

import io.runstore.server.error.KfpErrorReportValve;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Tomcat's error report valve on the host is {@link KfpErrorReportValve}: whatever Tomcat refuses itself is answered in
 * KFP's error shape. Ordered last, so that the valve Spring Boot puts there (its customizer runs first) is replaced.
 */
@Configuration(proxyBeanMethods = false)
class ErrorReportConfig {

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> kfpErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(KfpErrorReportValve.class.getName());
                host.getPipeline().addValve(new KfpErrorReportValve());
            }
        });
    }
}
