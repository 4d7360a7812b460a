package io.runstore.projections.replay;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.testsupport.DatabaseKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresRebuildTest extends RebuildTest {

    PostgresRebuildTest() {
        super(DatabaseKind.POSTGRESQL);
    }

    @Test
    void theLanesCompressLongValuesWithLz4WhereTheServerHasIt() throws Exception {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < 400; i++) {
            spec.put("component-" + i, "a container step that trains model " + i + " on the data set");
        }
        Instant at = Instant.parse("2024-05-01T10:00:00Z");
        Log log = new Log(List.of(new ProjectedEvent("run-long", 0, 1, at, new RunCreated("run-long", "ns", "exp",
                "long spec", "", new PipelineVersionReference("p", "v"), spec, null, "", "", null, at, at))));
        log.appendAll();
        boolean lz4 = Boolean.TRUE.equals(dsl.fetchValue("SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                + "WHERE name = 'default_toast_compression'"));

        assertThat(rebuild(log, Rebuild.Options.defaults()).run(true)).isEqualTo(Rebuild.Outcome.SWITCHED);

        assertThat(spec.toString().length()).isGreaterThan(20_000);
        assertThat(dsl.fetchValue("SELECT pg_column_compression(pipeline_spec) FROM run_detail")).as(
                "the server has LZ4: %s", lz4).isEqualTo(lz4 ? "lz4" : "pglz");
    }

    @Test
    void theShadowTablesAreUnloggedWhileBuildingAndLoggedOnceSwitchedIn() throws Exception {
        Log log = rebuildKilledHalfWay(41, 120);

        Map<String, String> building = tablesEndingWith(ShadowTables.NEXT);
        assertThat(building).containsKeys(ShadowTables.TABLES.stream().map(table -> table.getName() + ShadowTables.NEXT)
                .toArray(String[]::new)).containsKey("shadow_guard" + ShadowTables.NEXT);
        assertThat(building.values()).as("relpersistence").containsOnly("u");

        assertThat(rebuild(log, new Rebuild.Options(2, 50, 0)).run(true)).isEqualTo(Rebuild.Outcome.SWITCHED);

        assertThat(dsl.fetch("SELECT relname FROM pg_class WHERE relpersistence <> 'p'").getValues(0, String.class))
                .as("relations not logged (tables, their indexes and TOAST tables)").isEmpty();
        assertThat(tablesEndingWith(ShadowTables.NEXT)).isEmpty();
        assertThat(check(log).differences()).isEmpty();
    }

    @Test
    void aRebuildWhoseUnloggedTablesACrashEmptiedStartsOverAndEndsEqual() throws Exception {
        Log log = rebuildKilledHalfWay(43, 150);
        assertThat(rebuild(log, Rebuild.Options.defaults()).lostRowsInACrash()).isFalse();
        // What PostgreSQL's recovery after a crash does: every unlogged table is emptied, the logged ones (the lanes'
        // positions among them) keep their committed rows.
        dsl.execute("TRUNCATE " + String.join(", ", tablesEndingWith(ShadowTables.NEXT).keySet()));
        assertThat(rebuild(log, Rebuild.Options.defaults()).lostRowsInACrash()).isTrue();

        CountingLog counting = new CountingLog(log.events);
        counting.appendAll();
        assertThat(rebuild(counting, new Rebuild.Options(2, 50, 0)).run(true)).isEqualTo(Rebuild.Outcome.SWITCHED);

        assertThat(counting.read.get()).as("events read again: all, from position 0")
                .isGreaterThanOrEqualTo(log.events.size());
        assertThat(check(log).differences()).isEmpty();
    }

    /** The tables of the schema whose name ends with {@code suffix}, with their {@code relpersistence}. */
    private Map<String, String> tablesEndingWith(String suffix) {
        return dsl.fetch("SELECT relname, relpersistence::text FROM pg_class WHERE relkind = 'r' "
                        + "AND relnamespace = current_schema()::regnamespace AND right(relname, length(?)) = ?",
                suffix, suffix).stream().collect(Collectors.toMap(row -> row.get(0, String.class),
                row -> row.get(1, String.class)));
    }
}
