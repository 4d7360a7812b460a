package io.runstore.projections.schema;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * V9 on a database that already holds runs and experiments: their name keys are filled with the names case-folded,
 * the name indexes are on the key and those on display_name are gone, and a row written without a key is refused
 * (no silent empty key). V10 the same for the names of tasks (non-ASCII letters folded too). Run once per database.
 */
abstract class DisplayNameKeyMigrationTest {

    private final DatabaseKind kind;
    private HikariDataSource dataSource;
    private DSLContext dsl;
    private SQLDialect dialect;

    DisplayNameKeyMigrationTest(DatabaseKind kind) {
        this.kind = kind;
    }

    @BeforeEach
    void open() {
        TestDatabase database = TestDatabases.create(kind);
        dataSource = database.newDataSource(2);
        dialect = database.dialect();
        dsl = DSL.using(dataSource, dialect);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void existingRowsGetTheirFoldedNameAsKeyAndTheNameIndexesMoveToTheKey() {
        Flyway flyway = ReadTablesSchema.flyway(dataSource, dialect);
        Flyway.configure().configuration(flyway.getConfiguration()).target("8").load().migrate();
        insertRun("r-1", "Train Model");
        insertRun("r-2", "train-MODEL 2");
        insertExperiment("e-1", "Nightly XGBoost");

        ReadTablesSchema.migrate(dataSource, dialect);

        Map<String, String> keys = dsl.select(field(name("run_id"), String.class),
                field(name("display_name_key"), String.class)).from(table(name("run_list")))
                .fetchMap(field(name("run_id"), String.class), field(name("display_name_key"), String.class));
        assertThat(keys)
                .containsOnly(entry("r-1", "train model"), entry("r-2", "train-model 2"));
        assertThat(dsl.select(field(name("display_name_key"), String.class)).from(table(name("experiment")))
                .fetchOne(0, String.class)).isEqualTo("nightly xgboost");
        assertThat(indexes("run_list")).contains("ix_run_list_ns_name_key", "ix_run_list_ns_st_name_key",
                "ix_run_list_exp_name_key", "ix_run_list_exp_st_name_key")
                .doesNotContain("ix_run_list_ns_name", "ix_run_list_ns_st_name", "ix_run_list_exp_name",
                        "ix_run_list_exp_st_name");
        assertThat(indexes("experiment")).contains("ix_experiment_ns_name_key").doesNotContain("ix_experiment_ns_name");
        assertThatThrownBy(() -> insertRun("r-3", "no key")).as("the key has no default")
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void existingTasksGetTheirFoldedNamesAsKeys() {
        Flyway flyway = ReadTablesSchema.flyway(dataSource, dialect);
        Flyway.configure().configuration(flyway.getConfiguration()).target("9").load().migrate();
        insertTask("t-1", "Train-Model", "Train Model");
        insertTask("t-2", "ÉVALUER", "Évaluer le Modèle");

        ReadTablesSchema.migrate(dataSource, dialect);

        List<Record3<String, String, String>> keys = dsl.select(field(name("task_id"), String.class),
                        field(name("name_key"), String.class), field(name("display_name_key"), String.class))
                .from(table(name("run_task"))).orderBy(field(name("task_id"))).fetch();
        assertThat(keys).extracting(Record3::value1, Record3::value2, Record3::value3).containsExactly(
                tuple("t-1", "train-model", "train model"), tuple("t-2", "évaluer", "évaluer le modèle"));
        assertThatThrownBy(() -> insertTask("t-3", "no", "keys")).as("the keys have no default")
                .isInstanceOf(DataAccessException.class);
    }

    private void insertRun(String runId, String displayName) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run_id", runId);
        row.put("namespace", "ns");
        row.put("experiment_id", "e-1");
        row.put("display_name", displayName);
        for (String text : List.of("description", "recurring_run_id", "pipeline_id", "pipeline_version_id",
                "service_account", "resource_references", "task_summary", "metrics", "state_history")) {
            row.put(text, "");
        }
        row.put("state", "SUCCEEDED");
        row.put("storage_state", "AVAILABLE");
        for (String number : List.of("created_at", "scheduled_at", "finished_at", "task_count", "version")) {
            row.put(number, 1);
        }
        insert("run_list", row);
    }

    private void insertExperiment(String experimentId, String displayName) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("experiment_id", experimentId);
        row.put("namespace", "ns");
        row.put("display_name", displayName);
        row.put("description", "");
        row.put("created_at", 1);
        row.put("storage_state", "AVAILABLE");
        row.put("version", 0);
        insert("experiment", row);
    }

    private void insertTask(String taskId, String taskName, String displayName) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run_id", "r-1");
        row.put("task_id", taskId);
        row.put("namespace", "ns");
        row.put("name", taskName);
        row.put("display_name", displayName);
        row.put("parent_task_id", "");
        row.put("type", "RUNTIME");
        row.put("state", "SUCCEEDED");
        row.put("cache_fingerprint", "");
        row.put("create_time", 1);
        row.put("end_time", 0);
        row.put("task", "{}");
        row.put("version", 1);
        insert("run_task", row);
    }

    private void insert(String tableName, Map<String, Object> row) {
        dsl.insertInto(table(name(tableName)))
                .columns(row.keySet().stream().map(column -> field(name(column))).toList())
                .values(row.values())
                .execute();
    }

    private Set<String> indexes(String tableName) {
        String sql = dialect.family() == SQLDialect.POSTGRES
                ? "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?"
                : "SELECT DISTINCT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() "
                + "AND table_name = ?";
        return new TreeSet<>(dsl.fetch(sql, tableName).getValues(0, String.class));
    }
}
