package io.runstore.query.run;

import io.runstore.query.listing.Column;
import io.runstore.query.listing.Columns;
import io.runstore.query.listing.Listing;

import static io.runstore.query.listing.ValueType.STRING;
import static io.runstore.query.listing.ValueType.STRING_IGNORING_CASE;
import static io.runstore.query.listing.ValueType.TIMESTAMP;
import static io.runstore.readtables.schema.Tables.RUN_LIST;

/** The filter and sort keys of ListRuns and the run_list columns behind them. */
final class RunColumns {

    static final Columns COLUMNS = new Columns()
            .add(new Column("run_id", RUN_LIST.RUN_ID, STRING))
            // case-insensitive, as on KFP's MySQL: filters and the sort compare the case-folded name
            .add(new Column("display_name", RUN_LIST.DISPLAY_NAME_KEY, STRING_IGNORING_CASE))
            .add(new Column("description", RUN_LIST.DESCRIPTION, STRING))
            .add(new Column("created_at", RUN_LIST.CREATED_AT, TIMESTAMP))
            .add(new Column("finished_at", RUN_LIST.FINISHED_AT, TIMESTAMP))
            .add(new Column("scheduled_at", RUN_LIST.SCHEDULED_AT, TIMESTAMP))
            .add(new Column("state", RUN_LIST.STATE, STRING))
            .add(new Column("storage_state", RUN_LIST.STORAGE_STATE, STRING))
            .add(new Column("experiment_id", RUN_LIST.EXPERIMENT_ID, STRING))
            .add(new Column("namespace", RUN_LIST.NAMESPACE, STRING))
            .add(new Column("recurring_run_id", RUN_LIST.RECURRING_RUN_ID, STRING))
            .add(new Column("pipeline_id", RUN_LIST.PIPELINE_ID, STRING))
            .add(new Column("pipeline_version_id", RUN_LIST.PIPELINE_VERSION_ID, STRING))
            // KFP v1 names
            .alias("name", "display_name")
            .alias("id", "run_id")
            .alias("status", "state");

    static final Listing.Keys KEYS = new Listing.Keys(COLUMNS, "created_at", true);

    private RunColumns() {
    }
}
