package io.runstore.query.run;

import org.jooq.Condition;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static io.runstore.projections.schema.Tables.RUN_LIST;
import static org.jooq.impl.DSL.noCondition;

/** ListRuns and GetRun of the KFP v2beta1 RunService, read from the projected tables. */
@RestController
@Profile("query")
@RequestMapping("/apis/v2beta1/runs")
class RunQueryController {

    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 200;

    private final RunReader reader;

    RunQueryController(RunReader reader) {
        this.reader = reader;
    }

    @GetMapping("/{runId}")
    RunView get(@PathVariable String runId) {
        return reader.get(runId).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "run " + runId + " not found"));
    }

    @GetMapping
    ListRunsView list(@RequestParam(name = "namespace", required = false) String namespace,
                      @RequestParam(name = "experiment_id", required = false) String experimentId,
                      @RequestParam(name = "page_size", defaultValue = "0") int pageSize,
                      @RequestParam(name = "page_token", required = false) String pageToken) {
        if (pageSize < 0) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page_size must not be negative");
        }
        int size = pageSize == 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
        Condition scope = noCondition();
        if (experimentId != null && !experimentId.isEmpty()) {
            scope = scope.and(RUN_LIST.EXPERIMENT_ID.eq(experimentId));
        }
        if (namespace != null && !namespace.isEmpty()) {
            scope = scope.and(RUN_LIST.NAMESPACE.eq(namespace));
        }
        List<RunView> runs = reader.page(scope, decode(pageToken), size + 1);
        String next = null;
        if (runs.size() > size) {
            runs = runs.subList(0, size);
            RunView last = runs.get(size - 1);
            next = encode(last);
        }
        return new ListRunsView(runs, reader.count(scope), next);
    }

    private static String encode(RunView last) {
        long micros = io.runstore.projections.schema.EpochMicros.of(last.createdAt());
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + ":" + last.runId()).getBytes(StandardCharsets.UTF_8));
    }

    private static RunReader.PageToken decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 2);
            return new RunReader.PageToken(Long.parseLong(parts[0]), parts[1]);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page_token is malformed");
        }
    }
}
