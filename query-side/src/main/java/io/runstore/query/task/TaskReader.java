package io.runstore.query.task;

import io.runstore.query.listing.FilterConditions;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.listing.Position;
import io.runstore.query.listing.RawJson;
import io.runstore.query.sql.QueryDsl;
import io.runstore.readtables.schema.tables.records.RunTaskRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortOrder;

import java.util.List;
import java.util.Optional;

import static io.runstore.readtables.schema.Tables.RUN_TASK;
import static org.jooq.impl.DSL.noCondition;

/** ListTasks, GetTask and tasks:findCached over run_task. Never writes. */
public final class TaskReader {

    private static final int MAX_PAGE_SIZE = 200;
    private static final List<String> CACHE_HIT_STATES = List.of("SUCCEEDED", "CACHED");

    private final DSLContext dsl;
    private final PageTokens tokens;

    public TaskReader(DSLContext dsl, PageTokens tokens) {
        this.dsl = dsl;
        this.tokens = tokens;
    }

    /** One page of a run's tasks (of one parent when {@code parentId} is given), keyset-paged on (sort key, task_id). */
    public ListTasksView list(String runId, String parentId, Listing.Parameters parameters, int requestedPageSize) {
        int size = Listing.pageSize(requestedPageSize, MAX_PAGE_SIZE);
        String scope = "run:" + runId + (parentId == null ? "" : "/parent:" + parentId);
        Listing listing = Listing.resolve(tokens, scope, parameters, TaskColumns.KEYS);
        Condition where = RUN_TASK.RUN_ID.eq(runId)
                .and(parentId == null ? noCondition() : RUN_TASK.PARENT_TASK_ID.eq(parentId))
                .and(FilterConditions.of(listing.filter().predicates()));
        Field<?> field = listing.sort().column().field();
        SortOrder direction = listing.sort().descending() ? SortOrder.DESC : SortOrder.ASC;
        Position after = listing.after();
        Condition seek = after == null ? noCondition() : QueryDsl.after(dsl, field, RUN_TASK.TASK_ID,
                after.value(), after.id(), listing.sort().descending());
        List<RunTaskRecord> rows = dsl.selectFrom(RUN_TASK).where(where).and(seek)
                .orderBy(field.sort(direction), RUN_TASK.TASK_ID.sort(direction))
                .limit(size + 1)
                .fetch();
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            RunTaskRecord last = rows.get(size - 1);
            next = tokens.issue(scope, listing.filter(), listing.sort(), new Position(last.get(field), last.getTaskId()));
        }
        List<RawJson> tasks = rows.stream().map(row -> new RawJson(row.getTask())).toList();
        return new ListTasksView(tasks, next, dsl.fetchCount(RUN_TASK, where));
    }

    /** A task and the namespace of its run. */
    public record NamespacedTask(String namespace, RawJson task) {
    }

    public Optional<NamespacedTask> get(String runId, String taskId) {
        return dsl.select(RUN_TASK.NAMESPACE, RUN_TASK.TASK).from(RUN_TASK)
                .where(RUN_TASK.RUN_ID.eq(runId)).and(RUN_TASK.TASK_ID.eq(taskId))
                .fetchOptional(row -> new NamespacedTask(row.value1(), new RawJson(row.value2())));
    }

    /** The newest SUCCEEDED or CACHED task with this fingerprint in the namespace (index ix_run_task_fingerprint). */
    public Optional<RawJson> findCached(String namespace, String fingerprint) {
        return dsl.select(RUN_TASK.TASK).from(RUN_TASK)
                .where(RUN_TASK.NAMESPACE.eq(namespace)).and(RUN_TASK.CACHE_FINGERPRINT.eq(fingerprint))
                .and(RUN_TASK.STATE.in(CACHE_HIT_STATES))
                .orderBy(RUN_TASK.CREATE_TIME.desc(), RUN_TASK.TASK_ID.desc())
                .limit(1)
                .fetchOptional(row -> new RawJson(row.value1()));
    }
}
