package io.runstore.bench.eventlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.readtables.DirectReadModelLoader;
import io.runstore.testsupport.readtables.ReadModelLoader;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.LoadReport;
import io.runstore.testsupport.runs.RunGenerator;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_TASK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two ways the benchmarks fill runstore's read tables agree: the generated runs' events appended to the event log
 * and applied by the projector leave, row by row and column by column (JSON compared as JSON), exactly the rows the
 * direct loader writes from the same runs. So the benchmarks measure the tables the projector really builds, and the
 * projector follows the read-model contract documented with the schema. Run once per database.
 */
abstract class EventLogReadModelLoaderTest {

    private static final RunGenerator GENERATOR = new RunGenerator(DataShape.of(150));
    private static final ObjectMapper JSON = new ObjectMapper();

    abstract DatabaseKind kind();

    @Test
    void projectedTablesEqualTheDirectlyWrittenOnes() throws Exception {
        Map<Table<?>, List<Map<String, Object>>> projected = load(EventLogReadModelLoader::new);
        Map<Table<?>, List<Map<String, Object>>> direct = load(DirectReadModelLoader::of);

        for (Table<?> table : projected.keySet()) {
            assertThat(projected.get(table)).as(table.getName()).hasSameSizeAs(direct.get(table)).isNotEmpty();
            for (int row = 0; row < projected.get(table).size(); row++) {
                Map<String, Object> fromEvents = projected.get(table).get(row);
                Map<String, Object> written = direct.get(table).get(row);
                List<String> differing = fromEvents.keySet().stream()
                        .filter(column -> !java.util.Objects.equals(fromEvents.get(column), written.get(column)))
                        .map(column -> column + ": projected " + fromEvents.get(column) + ", direct "
                                + written.get(column))
                        .toList();
                assertThat(differing).as(table.getName() + " row " + row).isEmpty();
            }
        }
    }

    private Map<Table<?>, List<Map<String, Object>>> load(ReadModelLoader.Factory loader) throws Exception {
        TestDatabase database = TestDatabases.create(kind());
        try (HikariDataSource dataSource = database.newDataSource(4)) {
            ReadTablesSchema.migrate(dataSource, database.dialect());
            LoadReport report = loader.create(dataSource, database.dialect()).load(GENERATOR, 2);
            assertThat(report.runs()).isEqualTo(150);
            DSLContext dsl = DSL.using(dataSource, database.dialect());
            Map<Table<?>, List<Map<String, Object>>> tables = new LinkedHashMap<>();
            tables.put(RUN_LIST, rows(dsl, RUN_LIST, RUN_LIST.RUN_ID));
            tables.put(RUN_DETAIL, rows(dsl, RUN_DETAIL, RUN_DETAIL.RUN_ID));
            tables.put(RUN_TASK, rows(dsl, RUN_TASK, RUN_TASK.RUN_ID, RUN_TASK.TASK_ID));
            tables.put(RUN_METRIC, rows(dsl, RUN_METRIC, RUN_METRIC.RUN_ID, RUN_METRIC.NAME));
            tables.put(RUN_COUNTS, rows(dsl, RUN_COUNTS, RUN_COUNTS.NAMESPACE, RUN_COUNTS.EXPERIMENT_ID,
                    RUN_COUNTS.STORAGE_STATE, RUN_COUNTS.STATE));
            tables.put(RUN_NAMESPACE_COUNTS, rows(dsl, RUN_NAMESPACE_COUNTS, RUN_NAMESPACE_COUNTS.NAMESPACE,
                    RUN_NAMESPACE_COUNTS.STORAGE_STATE, RUN_NAMESPACE_COUNTS.STATE));
            return tables;
        }
    }

    /** Every row in key order, JSON text parsed so that formatting and key order do not count. */
    private static List<Map<String, Object>> rows(DSLContext dsl, Table<?> table, org.jooq.Field<?>... key) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Record record : dsl.selectFrom(table).orderBy(key).fetch()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (var field : record.fields()) {
                Object value = record.get(field);
                row.put(field.getName(), value instanceof String text && looksLikeJson(text) ? parse(text) : value);
            }
            rows.add(row);
        }
        return rows;
    }

    private static boolean looksLikeJson(String text) {
        return text.startsWith("{") || text.startsWith("[");
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("Not JSON: " + text, e);
        }
    }
}
