package io.runstore.bench.append;

import io.runstore.events.run.RunCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The simple projection both engines run beside their appends: one jOOQ upsert per event, in the processor's
 * transaction (the Spring-managed context), as a plain Axon projector would.
 */
@ProcessingGroup(ProjectionHandler.PROCESSING_GROUP)
public class ProjectionHandler {

    public static final String PROCESSING_GROUP = "bench-projection";
    public static final Table<?> TABLE = DSL.table(DSL.name("bench_projection"));
    private static final Field<String> RUN_ID = DSL.field(DSL.name("run_id"), SQLDataType.VARCHAR(64).nullable(false));
    private static final Field<String> DISPLAY_NAME =
            DSL.field(DSL.name("display_name"), SQLDataType.VARCHAR(255).nullable(false));
    private static final Field<Long> VERSION = DSL.field(DSL.name("version"), SQLDataType.BIGINT.nullable(false));

    private final DSLContext dsl;

    public ProjectionHandler(DSLContext dsl) {
        this.dsl = dsl;
    }

    public static void createTable(DSLContext dsl) {
        dsl.createTableIfNotExists(TABLE).columns(RUN_ID, DISPLAY_NAME, VERSION).primaryKey(RUN_ID).execute();
    }

    @EventHandler
    void on(RunCreated event, @SequenceNumber long sequence) {
        dsl.insertInto(TABLE).set(RUN_ID, event.runId()).set(DISPLAY_NAME, event.displayName()).set(VERSION, sequence)
                .onConflict(RUN_ID).doUpdate()
                .set(DISPLAY_NAME, DSL.excluded(DISPLAY_NAME)).set(VERSION, DSL.excluded(VERSION))
                .execute();
    }
}
