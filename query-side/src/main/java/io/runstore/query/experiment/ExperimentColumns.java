package io.runstore.query.experiment;

import io.runstore.query.listing.Column;
import io.runstore.query.listing.Columns;
import io.runstore.query.listing.Listing;

import static io.runstore.query.listing.ValueType.STRING;
import static io.runstore.query.listing.ValueType.STRING_IGNORING_CASE;
import static io.runstore.query.listing.ValueType.TIMESTAMP;
import static io.runstore.readtables.schema.Tables.EXPERIMENT;

/** The filter and sort keys of ListExperiments and the experiment columns behind them. */
final class ExperimentColumns {

    static final Columns COLUMNS = new Columns()
            .add(new Column("experiment_id", EXPERIMENT.EXPERIMENT_ID, STRING))
            // case-insensitive, as on KFP's MySQL: filters and the sort compare the case-folded name
            .add(new Column("display_name", EXPERIMENT.DISPLAY_NAME_KEY, STRING_IGNORING_CASE))
            .add(new Column("description", EXPERIMENT.DESCRIPTION, STRING))
            .add(new Column("created_at", EXPERIMENT.CREATED_AT, TIMESTAMP))
            .add(new Column("storage_state", EXPERIMENT.STORAGE_STATE, STRING))
            .add(new Column("namespace", EXPERIMENT.NAMESPACE, STRING))
            // KFP v1 names
            .alias("name", "display_name")
            .alias("id", "experiment_id");

    static final Listing.Keys KEYS = new Listing.Keys(COLUMNS, "created_at", false);

    private ExperimentColumns() {
    }
}
