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
}
