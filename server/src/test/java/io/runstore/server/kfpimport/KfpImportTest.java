package io.runstore.server.kfpimport;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.command.kfpimport.KfpImport;
import io.runstore.events.experiment.ExperimentCreated;
import io.runstore.events.run.RunCreated;
import io.runstore.events.run.RunStateReported;
import io.runstore.events.run.RuntimeState;
import io.runstore.events.run.StorageState;
import io.runstore.events.task.TaskUpdated;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import io.runstore.testsupport.kfp.KfpLoader;
import io.runstore.testsupport.kfp.KfpSql;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.GeneratedRun;
import io.runstore.testsupport.runs.RunGenerator;
import io.runstore.testsupport.runs.StateChange;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.runstore.readtables.schema.Tables.EXPERIMENT;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Importing a KFP database (generated, in KFP's own tables, on the same kind of database) into the event log, once
 * per database: every experiment (one archived) and every run with its tasks, state history, metrics and storage
 * state, marked as imported; runs with no tasks, archived runs and runs of recurring runs; a second import adds
 * nothing; an import stopped halfway resumes and ends with the events one import would have written; {@code follow}
 * picks up a run that changed, a new run and an unarchived experiment; the projector builds the read tables from the
 * imported events.
 */
abstract class KfpImportTest {

    static final int RUNS = 40;
    static final int NO_TASKS = 1;
    static final int RECURRING = 2;
    static final int RUNNING = 3;

    static TestDatabase kfpDatabase;
    static HikariDataSource kfp;
    static final RunGenerator GENERATOR = new RunGenerator(DataShape.of(RUNS));

    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    DSLContext dsl;

    static void useDatabases(DynamicPropertyRegistry registry, DatabaseKind kind) throws Exception {
        TestDatabase database = TestDatabases.create(kind);
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        kfpDatabase = TestDatabases.create(kind);
        kfp = kfpDatabase.newDataSource(4);
        new KfpLoader(kfp, KfpSql.of(kfpDatabase.dialect())).load(GENERATOR, 2);
        execute("DELETE FROM tasks WHERE " + q("RunUUID") + " = ?", run(NO_TASKS).runId());
        execute("UPDATE experiments SET " + q("StorageState") + " = 'STORAGESTATE_ARCHIVED' WHERE " + q("UUID")
                + " = ?", archivedExperiment());
        execute("UPDATE run_details SET " + q("JobUUID") + " = 'job-nightly' WHERE " + q("UUID") + " = ?",
                run(RECURRING).runId());
        GeneratedRun running = run(RUNNING);
        long created = running.createdAt().getEpochSecond();
        execute("UPDATE run_details SET " + q("State") + " = 'RUNNING', " + q("Conditions") + " = 'Running', "
                + q("FinishedAtInSec") + " = 0, " + q("StorageState") + " = 'AVAILABLE', " + q("ArchivedAtInSec")
                + " = 0, " + q("StateHistory") + " = '[{\"UpdateTimeInSec\":" + created + ",\"State\":\"PENDING\"},"
                + "{\"UpdateTimeInSec\":" + (created + 10) + ",\"State\":\"RUNNING\"}]' WHERE " + q("UUID") + " = ?",
                running.runId());
        execute("UPDATE tasks SET " + q("State") + " = 'RUNNING', " + q("FinishedTimestamp") + " = 0 WHERE "
                + q("UUID") + " = ?", running.tasks().get(0).taskId());
    }

    @AfterAll
    static void closeKfp() {
        if (kfp != null) {
            kfp.close();
        }
    }

    @Test
    void importsEveryRunOnceAndMarksItsEventsAsImportedThenFollowsChanges() throws Exception {
        Instant firstPass = Instant.now();
        assertThatThrownBy(() -> new KfpImport(kfp, storageEngine, 2, 10).importAll(progress -> {
            throw new IllegalStateException("killed after " + progress.runsRead() + " runs");
        })).hasMessageContaining("killed after 10 runs");
        long afterKill = head();
        List<String> importedBeforeKill = importedRuns();
        assertThat(importedBeforeKill).hasSize(10);

        KfpImport.Progress resumed = new KfpImport(kfp, storageEngine, 2, 10).importAll(progress -> { });
        assertThat(resumed.runsRead()).isEqualTo(RUNS);
        assertThat(resumed.runsChanged()).isEqualTo(RUNS - 10);
        long afterImport = head();
        for (int index = 0; index < RUNS; index++) {
            assertThat(eventTypes(run(index).runId())).as("run %d", index).isEqualTo(expectedTypes(run(index)));
        }
        long expectedAfterKill = 0;
        for (int index = 0; index < RUNS; index++) {
            if (!importedBeforeKill.contains(run(index).runId())) {
                expectedAfterKill += expectedTypes(run(index)).size();
            }
        }
        assertThat(afterImport - afterKill).isEqualTo(expectedAfterKill);

        List<String> experiments = experimentIds();
        assertThat(resumed.experimentsChanged()).as("imported before the kill").isZero();
        for (String experiment : experiments) {
            assertThat(eventTypes(experiment)).as(experiment).isEqualTo(experiment.equals(archivedExperiment())
                    ? List.of("ExperimentCreated", "ExperimentArchived") : List.of("ExperimentCreated"));
            assertThat(events(experiment)).allSatisfy(event ->
                    assertThat(event.getMetaData()).containsEntry("imported", "kfp"));
        }
        ExperimentCreated created = (ExperimentCreated) events(experiments.get(0)).get(0).getPayload();
        assertThat(created.displayName()).isEqualTo("experiment 1");
        assertThat(created.namespace()).isEqualTo(GENERATOR.layout().primaryNamespace());

        KfpImport.Progress again = new KfpImport(kfp, storageEngine, 2, 10).importAll(progress -> { });
        assertThat(again.runsChanged()).isZero();
        assertThat(again.experimentsChanged()).isZero();
        assertThat(head()).isEqualTo(afterImport);

        List<DomainEventMessage<?>> recurring = events(run(RECURRING).runId());
        assertThat(((RunCreated) recurring.get(0).getPayload()).recurringRunId()).isEqualTo("job-nightly");
        assertThat(recurring).allSatisfy(event -> assertThat(event.getMetaData()).containsEntry("imported", "kfp"));

        // follow: a running run finishes, a new run appears
        GeneratedRun running = run(RUNNING);
        long now = Instant.now().getEpochSecond();
        execute("UPDATE run_details SET " + q("State") + " = 'SUCCEEDED', " + q("Conditions") + " = 'Succeeded', "
                + q("FinishedAtInSec") + " = " + now + ", " + q("StateHistory") + " = '[{\"UpdateTimeInSec\":"
                + (running.createdAt().getEpochSecond() + 10) + ",\"State\":\"RUNNING\"},{\"UpdateTimeInSec\":" + now
                + ",\"State\":\"SUCCEEDED\"}]' WHERE " + q("UUID") + " = ?", running.runId());
        execute("UPDATE tasks SET " + q("State") + " = 'SUCCEEDED', " + q("FinishedTimestamp") + " = " + now
                + " WHERE " + q("UUID") + " = ?", running.tasks().get(0).taskId());
        execute("UPDATE experiments SET " + q("StorageState") + " = 'AVAILABLE' WHERE " + q("UUID") + " = ?",
                archivedExperiment());
        new KfpLoader(kfp, KfpSql.of(kfpDatabase.dialect())).copyRun(run(4).runId(), "imported-new-run", now);

        KfpImport.Progress pass = new KfpImport(kfp, storageEngine, 2, 10).followPass(firstPass);

        assertThat(pass.runsChanged()).isEqualTo(2);
        assertThat(pass.experimentsChanged()).isEqualTo(1);
        assertThat(eventTypes(archivedExperiment()))
                .containsExactly("ExperimentCreated", "ExperimentArchived", "ExperimentUnarchived");
        List<DomainEventMessage<?>> finished = events(running.runId());
        List<Object> added = finished.subList(finished.size() - 2, finished.size()).stream()
                .map(DomainEventMessage::getPayload).collect(Collectors.toList());
        assertThat(added.get(0)).isInstanceOfSatisfying(TaskUpdated.class,
                update -> assertThat(update.taskId()).isEqualTo(running.tasks().get(0).taskId()));
        assertThat(added.get(1)).isInstanceOfSatisfying(RunStateReported.class,
                state -> assertThat(state.state()).isEqualTo(RuntimeState.SUCCEEDED));
        assertThat(((RunCreated) events("imported-new-run").get(0).getPayload()).displayName())
                .isEqualTo(run(4).displayName());
        assertThat(new KfpImport(kfp, storageEngine, 2, 10).followPass(firstPass).runsChanged()).isZero();

        // the projector builds the read tables from the imported events
        awaitProjected(RUNS + 1);
        Map<String, String> storage = dsl.select(RUN_LIST.RUN_ID, RUN_LIST.STORAGE_STATE).from(RUN_LIST).fetchMap(
                RUN_LIST.RUN_ID, RUN_LIST.STORAGE_STATE);
        for (int index = 0; index < RUNS; index++) {
            StorageState expected = index == RUNNING ? StorageState.AVAILABLE : run(index).storageState();
            assertThat(storage.get(run(index).runId())).as("run %d", index).isEqualTo(expected.name());
        }
        assertThat(dsl.select(RUN_LIST.TASK_COUNT).from(RUN_LIST).where(RUN_LIST.RUN_ID.eq(run(NO_TASKS).runId()))
                .fetchOne(RUN_LIST.TASK_COUNT)).isZero();
        assertThat(dsl.select(RUN_LIST.RECURRING_RUN_ID).from(RUN_LIST)
                .where(RUN_LIST.RUN_ID.eq(run(RECURRING).runId())).fetchOne(RUN_LIST.RECURRING_RUN_ID))
                .isEqualTo("job-nightly");
        assertThat(dsl.select(RUN_LIST.STATE).from(RUN_LIST).where(RUN_LIST.RUN_ID.eq(running.runId()))
                .fetchOne(RUN_LIST.STATE)).isEqualTo("SUCCEEDED");
        assertThat(dsl.select(EXPERIMENT.EXPERIMENT_ID, EXPERIMENT.STORAGE_STATE).from(EXPERIMENT)
                .fetchMap(EXPERIMENT.EXPERIMENT_ID, EXPERIMENT.STORAGE_STATE))
                .containsOnlyKeys(experiments).containsValue("AVAILABLE").doesNotContainValue("ARCHIVED");
    }

    // ---- what one import of a generated run writes

    static List<String> expectedTypes(GeneratedRun run) {
        List<String> types = new ArrayList<>();
        types.add("RunCreated");
        int tasks = run.index() == NO_TASKS ? 0 : run.tasks().size();
        for (int i = 0; i < tasks; i++) {
            types.add("TaskCreated");
        }
        if (run.index() == RUNNING) {
            types.add("RunStateReported");
        } else {
            RuntimeState state = RuntimeState.PENDING;
            Instant at = run.createdAt();
            for (StateChange change : run.stateHistory()) {
                if (change.state() != state && !change.updateTime().isBefore(at)) {
                    types.add("RunStateReported");
                    state = change.state();
                    at = change.updateTime();
                }
            }
        }
        if (!run.metrics().isEmpty()) {
            types.add("MetricsReported");
        }
        if (run.storageState() == StorageState.ARCHIVED && run.index() != RUNNING) {
            types.add("RunArchived");
        }
        return types;
    }

    /** Every experiment of the generated KFP database. */
    static List<String> experimentIds() {
        List<String> ids = new ArrayList<>();
        for (int namespace = 0; namespace < GENERATOR.layout().namespaceCount(); namespace++) {
            ids.addAll(GENERATOR.layout().experiments(namespace));
        }
        return ids;
    }

    /** The experiment archived in KFP before the import and unarchived while it follows. */
    static String archivedExperiment() {
        return GENERATOR.layout().experiments(0).get(1);
    }

    static GeneratedRun run(int index) {
        return GENERATOR.run(index);
    }

    // ---- the event log and the read tables

    List<String> importedRuns() {
        List<String> runs = new ArrayList<>();
        for (int index = 0; index < RUNS; index++) {
            if (storageEngine.lastSequenceNumberFor(run(index).runId()).isPresent()) {
                runs.add(run(index).runId());
            }
        }
        return runs;
    }

    long head() {
        long events = 0;
        for (int index = 0; index < RUNS; index++) {
            events += storageEngine.lastSequenceNumberFor(run(index).runId()).map(last -> last + 1).orElse(0L);
        }
        return events;
    }

    List<DomainEventMessage<?>> events(String runId) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        storageEngine.readEvents(runId).asStream().forEach(events::add);
        return events;
    }

    List<String> eventTypes(String runId) {
        return events(runId).stream().map(event -> event.getPayloadType().getSimpleName()).toList();
    }

    void awaitProjected(int runs) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (dsl.fetchCount(RUN_LIST) < runs && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        assertThat(dsl.fetchCount(RUN_LIST)).isEqualTo(runs);
    }

    // ---- the KFP database

    static String q(String identifier) {
        return kfpDatabase.kind() == DatabaseKind.POSTGRESQL ? "\"" + identifier + "\"" : "`" + identifier + "`";
    }

    static void execute(String sql, Object... values) throws SQLException {
        try (Connection connection = kfp.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
