package io.runstore.security.web;

import io.runstore.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.runstore.security.web.Access.authenticated;
import static io.runstore.security.web.Access.everywhere;
import static io.runstore.security.web.Access.experiment;
import static io.runstore.security.web.Access.handler;
import static io.runstore.security.web.Access.publicly;
import static io.runstore.security.web.Access.run;

/**
 * Every endpoint's rule, in one list: the first rule whose method and path pattern match a request decides what it
 * needs. A request no rule matches is refused when an endpoint would handle it (an endpoint added without a rule is
 * closed, not open); one no endpoint handles goes on to its 404 or 501.
 */
public final class EndpointRules {

    private static final String RUNS = "/apis/v2beta1/runs";
    private static final String RUN = RUNS + "/{run_id}";
    private static final String EXPERIMENT = "/apis/v2beta1/experiments/{experiment_id}";

    private final List<Rule> rules;

    private EndpointRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** runstore's endpoints; {@code publicPrometheus}: the scrape endpoint needs no identity. */
    public static EndpointRules runstore(boolean publicPrometheus) {
        List<Rule> rules = new ArrayList<>();
        // KFP's healthz (the SDK's first call), the error page, the probes
        rules.add(rule("GET", "/apis/v1beta1/healthz", publicly()));
        rules.add(rule("GET", "/apis/v2beta1/healthz", publicly()));
        rules.add(rule(null, "/error", publicly()));
        rules.add(rule("GET", "/actuator/health", publicly()));
        rules.add(rule("GET", "/actuator/health/liveness", publicly()));
        rules.add(rule("GET", "/actuator/health/readiness", publicly()));
        // the roles' health groups: status for everyone, components and details for admins (show-details)
        for (String role : List.of("command", "projector", "query")) {
            rules.add(rule("GET", "/actuator/health/" + role, publicly()));
        }
        rules.add(rule("GET", "/actuator/prometheus", publicPrometheus ? publicly() : everywhere(Role.ADMIN)));
        rules.add(rule(null, "/actuator", everywhere(Role.ADMIN)));
        rules.add(rule(null, "/actuator/**", everywhere(Role.ADMIN)));
        rules.add(rule("GET", "/apis/v2beta1/openapi.json", authenticated()));
        // runs: reads and lifecycle
        rules.add(rule("GET", RUNS, handler(Role.READ)));
        rules.add(rule("POST", RUNS, handler(Role.WRITE)));
        rules.add(rule("GET", RUN, run("run_id", Role.READ)));
        rules.add(rule("GET", RUN + "/events", run("run_id", Role.READ)));
        rules.add(rule("GET", "/apis/v1beta1/runs/{run_id}", run("run_id", Role.READ)));
        for (String verb : List.of("archive", "unarchive", "terminate", "retry")) {
            rules.add(rule("POST", RUN + ":" + verb, run("run_id", Role.WRITE)));
        }
        rules.add(rule("DELETE", RUN, run("run_id", Role.WRITE)));
        // what executors report
        rules.add(rule("POST", RUN + ":reportState", run("run_id", Role.EXECUTE)));
        rules.add(rule("POST", RUN + ":reportMetrics", run("run_id", Role.EXECUTE)));
        rules.add(rule("POST", "/apis/v1beta1/runs/{run_id}:reportMetrics", run("run_id", Role.EXECUTE)));
        rules.add(rule("POST", RUN + "/tasks", run("run_id", Role.EXECUTE)));
        rules.add(rule("PATCH", RUN + "/tasks/{task_id}", run("run_id", Role.EXECUTE)));
        rules.add(rule("POST", RUN + "/tasks:batchUpdate", run("run_id", Role.EXECUTE)));
        rules.add(rule("GET", RUN + "/tasks", run("run_id", Role.READ, Role.EXECUTE)));
        rules.add(rule("GET", RUN + "/tasks/{task_id}", run("run_id", Role.READ, Role.EXECUTE)));
        rules.add(rule("POST", "/apis/v2beta1/tasks:findCached", handler(Role.READ, Role.EXECUTE)));
        // KFP's persistence agent reports workflows of every namespace
        for (String version : List.of("v1beta1", "v2beta1")) {
            rules.add(rule("POST", "/apis/" + version + "/workflows", everywhere(Role.EXECUTE)));
            rules.add(rule("POST", "/apis/" + version + "/scheduledworkflows", everywhere(Role.EXECUTE)));
        }
        // experiments
        rules.add(rule("GET", "/apis/v2beta1/experiments", handler(Role.READ)));
        rules.add(rule("POST", "/apis/v2beta1/experiments", handler(Role.WRITE)));
        rules.add(rule("GET", EXPERIMENT, experiment("experiment_id", Role.READ)));
        rules.add(rule("GET", "/apis/v1beta1/experiments/{experiment_id}", experiment("experiment_id", Role.READ)));
        rules.add(rule("POST", EXPERIMENT + ":archive", experiment("experiment_id", Role.WRITE)));
        rules.add(rule("POST", EXPERIMENT + ":unarchive", experiment("experiment_id", Role.WRITE)));
        rules.add(rule("DELETE", EXPERIMENT, experiment("experiment_id", Role.WRITE)));
        // ML Metadata over gRPC-web, for KFP's run-details page: the namespaces are those of the runs the request
        // names in its body, so the handler checks each (READ) and answers PERMISSION_DENIED in gRPC-web's own way
        rules.add(rule("POST", "/ml_metadata.MetadataStoreService/{method}", authenticated()));
        // operators: replay, rebuild, check
        rules.add(rule(null, "/apis/runstore/admin/**", everywhere(Role.ADMIN)));
        // passed through to KFP's API server, which authorizes them itself (it gets the caller's identity)
        for (String resource : List.of("v2beta1/pipelines", "v2beta1/recurringruns", "v2beta1/artifacts",
                "v1beta1/pipelines", "v1beta1/pipeline_versions", "v1beta1/jobs")) {
            rules.add(rule(null, "/apis/" + resource, authenticated()));
            rules.add(rule(null, "/apis/" + resource + "/**", authenticated()));
        }
        return new EndpointRules(rules);
    }

    /** The rule for the request, with the path variables its pattern captured; empty: no rule. */
    public Optional<Match> match(HttpServletRequest request) {
        String method = request.getMethod().equals("HEAD") ? "GET" : request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return match(method, path);
    }

    public Optional<Match> match(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Rule rule : rules) {
            if (rule.method() != null && !rule.method().equals(method)) {
                continue;
            }
            PathPattern.PathMatchInfo matched = rule.pattern().matchAndExtract(container);
            if (matched != null) {
                return Optional.of(new Match(rule, matched.getUriVariables()));
            }
        }
        return Optional.empty();
    }

    private static Rule rule(String method, String pattern, Access access) {
        return new Rule(method, PathPatternParser.defaultInstance.parse(pattern), access);
    }

    /** An HTTP method (null: any) and path pattern, and what a request to it needs. */
    public record Rule(String method, PathPattern pattern, Access access) {
    }

    /** The rule a request matched and the path variables of its pattern. */
    public record Match(Rule rule, Map<String, String> variables) {

        public Access access() {
            return rule.access();
        }
    }
}
