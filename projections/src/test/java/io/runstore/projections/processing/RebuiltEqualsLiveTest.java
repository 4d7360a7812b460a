package io.runstore.projections.processing;

import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.testsupport.DatabaseKind;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;
import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_TASK;
import static io.runstore.readtables.schema.Tables.RUN_TOMBSTONE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a random workload applied incrementally (small random batches, with repeated and stale deliveries), every
 * read table holds, row by row, the same content as one rebuilt from scratch by replaying the whole stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RebuiltEqualsLiveTest {

    private static final List<Table<? extends TableRecord<?>>> READ_TABLES = List.of(RUN_LIST, RUN_DETAIL, RUN_TASK,
            RUN_METRIC, RUN_COUNTS, RUN_NAMESPACE_COUNTS, RUN_TOMBSTONE, MLMD_OBJECT);

    private final ReadTablesFixture fixture;

    RebuiltEqualsLiveTest(DatabaseKind kind) {
        fixture = new ReadTablesFixture(kind);
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void incrementalProjectionWithRepeatsEqualsAReplayFromScratch() {
        Random random = new Random(7);
        List<ProjectedEvent> stream = RandomWorkload.generate(random, 300, 40);
        int from = 0;
        while (from < stream.size()) {
            int to = Math.min(stream.size(), from + 1 + random.nextInt(60));
            fixture.project(stream.subList(from, to));
            if (random.nextInt(4) == 0) {
                int staleFrom = random.nextInt(to);
                fixture.project(stream.subList(staleFrom, Math.min(to, staleFrom + 1 + random.nextInt(80))));
            }
            from = to;
        }
        Map<String, Map<String, String>> live = checksums();

        READ_TABLES.forEach(table -> fixture.dsl.truncate(table).execute());
        for (int batch = 0; batch < stream.size(); batch += 500) {
            fixture.project(stream.subList(batch, Math.min(stream.size(), batch + 500)));
        }
        Map<String, Map<String, String>> rebuilt = checksums();

        assertThat(fixture.dsl.fetchCount(PROJECTION_DEAD_LETTER)).isZero();
        assertThat(live.get("run_list").size()).isGreaterThan(200);
        assertThat(live.get("run_task").size()).isGreaterThan(300);
        assertThat(live.get("run_metric")).isNotEmpty();
        assertThat(live.get("run_tombstone")).isNotEmpty();
        assertThat(live.get("mlmd_object").size()).isEqualTo(live.get("run_list").size() + live.get("run_task").size());
        for (Table<?> table : READ_TABLES) {
            assertThat(live.get(table.getName())).as(table.getName()).isEqualTo(rebuilt.get(table.getName()));
        }
    }

    /** Per table: primary key to a SHA-256 of the whole row. */
    private Map<String, Map<String, String>> checksums() {
        Map<String, Map<String, String>> tables = new TreeMap<>();
        for (Table<? extends TableRecord<?>> table : READ_TABLES) {
            Map<String, String> rows = new TreeMap<>();
            for (Record row : fixture.dsl.selectFrom(table).fetch()) {
                List<Object> key = new ArrayList<>();
                table.getPrimaryKey().getFields().forEach(field -> key.add(row.get(field)));
                rows.put(key.toString(), sha256(row.intoList().toString()));
            }
            tables.put(table.getName(), rows);
        }
        return tables;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
