package io.runstore.query.task;

import io.runstore.query.listing.Column;
import io.runstore.query.listing.Columns;
import io.runstore.query.listing.Listing;

import static io.runstore.query.listing.ValueType.STRING;
import static io.runstore.query.listing.ValueType.STRING_IGNORING_CASE;
import static io.runstore.query.listing.ValueType.TIMESTAMP;
import static io.runstore.readtables.schema.Tables.RUN_TASK;

/** The filter and order_by keys of ListTasks and the run_task columns behind them. */
final class TaskColumns {

    static final Columns COLUMNS = new Columns()
            .add(new Column("task_id", RUN_TASK.TASK_ID, STRING))
            // case-insensitive, as ListRuns' display_name: filters and the sort compare the case-folded names
            .add(new Column("name", RUN_TASK.NAME_KEY, STRING_IGNORING_CASE))
            .add(new Column("display_name", RUN_TASK.DISPLAY_NAME_KEY, STRING_IGNORING_CASE))
            .add(new Column("parent_task_id", RUN_TASK.PARENT_TASK_ID, STRING))
            .add(new Column("type", RUN_TASK.TYPE, STRING))
            .add(new Column("state", RUN_TASK.STATE, STRING))
            .add(new Column("cache_fingerprint", RUN_TASK.CACHE_FINGERPRINT, STRING))
            .add(new Column("create_time", RUN_TASK.CREATE_TIME, TIMESTAMP))
            .add(new Column("end_time", RUN_TASK.END_TIME, TIMESTAMP));

    static final Listing.Keys KEYS = new Listing.Keys(COLUMNS, "create_time", false);

    private TaskColumns() {
    }
}
