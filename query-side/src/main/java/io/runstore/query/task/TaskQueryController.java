package io.runstore.query.task;

import io.runstore.api.ErrorCode;
import io.runstore.security.Caller;
import io.runstore.security.Role;
import io.runstore.query.auth.ReadGate;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.RawJson;
import io.runstore.query.run.RunReader;
import io.runstore.query.web.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** ListTasks, GetTask and tasks:findCached of KFP's next-generation RunService. */
@RestController
@Profile("query")
class TaskQueryController {

    private final TaskReader tasks;
    private final RunReader runs;
    private final ReadGate gate;

    TaskQueryController(TaskReader tasks, RunReader runs, ReadGate gate) {
        this.tasks = tasks;
        this.runs = runs;
        this.gate = gate;
    }

    @GetMapping("/apis/v2beta1/runs/{runId}/tasks")
    ListTasksView list(HttpServletRequest request, @PathVariable String runId,
                       @RequestParam(name = "parent_id", required = false) String parentId,
                       @RequestParam(name = "page_size", defaultValue = "0") int pageSize,
                       @RequestParam(name = "page_token", required = false) String pageToken,
                       @RequestParam(name = "filter", required = false) String filter,
                       @RequestParam(name = "order_by", required = false) String orderBy) {
        Caller caller = gate.enter(request);
        String namespace = runs.namespaceOfRun(runId).orElseThrow(() ->
                new QueryException(ErrorCode.NOT_FOUND, "run " + runId + " not found"));
        caller.check(namespace, "run " + runId, Role.READ, Role.EXECUTE);
        return tasks.list(runId, parentId == null || parentId.isEmpty() ? null : parentId,
                new Listing.Parameters(filter, orderBy, "order_by", pageToken), pageSize);
    }

    @GetMapping("/apis/v2beta1/runs/{runId}/tasks/{taskId}")
    RawJson get(HttpServletRequest request, @PathVariable String runId, @PathVariable String taskId) {
        Caller caller = gate.enter(request);
        TaskReader.NamespacedTask found = tasks.get(runId, taskId).orElseThrow(() ->
                new QueryException(ErrorCode.NOT_FOUND, "task " + taskId + " of run " + runId + " not found"));
        caller.check(found.namespace(), "run " + runId, Role.READ, Role.EXECUTE);
        return found.task();
    }

    @PostMapping("/apis/v2beta1/tasks:findCached")
    FindCachedView findCached(HttpServletRequest request, @RequestBody FindCachedRequest body) {
        Caller caller = gate.enter(request);
        if (body.cacheFingerprint() == null || body.cacheFingerprint().isEmpty()) {
            throw QueryException.invalid("cache_fingerprint is required");
        }
        String namespace = body.namespace() == null ? "" : body.namespace();
        if (caller.multiUser() && namespace.isEmpty()) {
            throw QueryException.invalid("namespace is required in multi-user mode");
        }
        caller.check(namespace, "namespace " + namespace, Role.READ, Role.EXECUTE);
        return new FindCachedView(tasks.findCached(namespace, body.cacheFingerprint()).orElse(null));
    }
}
