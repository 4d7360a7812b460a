package io.runstore.server.healthz;

import io.runstore.api.healthz.Healthz;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** KFP's HealthzService over HTTP, on every role: the first call KFP's SDK makes. */
@RestController
class HealthzController {

    private final Healthz healthz;

    HealthzController(Healthz healthz) {
        this.healthz = healthz;
    }

    @GetMapping("/apis/v1beta1/healthz")
    Map<String, Object> v1beta1() {
        return healthz.v1beta1();
    }

    @GetMapping("/apis/v2beta1/healthz")
    Map<String, Object> v2beta1() {
        return healthz.v2beta1();
    }
}
