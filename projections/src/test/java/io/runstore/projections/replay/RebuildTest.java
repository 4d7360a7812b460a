package io.runstore.projections.replay;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.database.DatabaseFailures;
import io.runstore.projections.fold.ProjectedEvent;
import io.runstore.projections.processing.BatchProjector;
import io.runstore.projections.processing.ProjectionGate;
import io.runstore.projections.processing.RandomWorkload;
import io.runstore.projections.processing.RunListProjector;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jooq.SpringTransactionProvider;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Blue/green rebuilds on a real database: a rebuild ends with live tables equal to a build from scratch (checked by
 * {@link Check}), with the live tables' names and index names; one interrupted resumes from its lanes' positions;
 * one switched while a live projector keeps writing loses nothing; a backfill of a table added later (mlmd_object) while
 * the live projector writes ends equal to a build from scratch, and resumes after a kill. Run once per database.
 */
abstract class RebuildTest {

    private final DatabaseKind kind;
    private TestDatabase database;
    private HikariDataSource dataSource;
    private DataSourceTransactionManager transactionManager;
    DSLContext dsl;
    private final BatchProjector projector = new BatchProjector();

    RebuildTest(DatabaseKind kind) {
        this.kind = kind;
    }

    @BeforeEach
    void open() {
        database = TestDatabases.create(kind);
        dataSource = database.newDataSource(12);
        ReadTablesSchema.migrate(dataSource, database.dialect());
        transactionManager = new DataSourceTransactionManager(dataSource);
        dsl = DSL.using(new DefaultConfiguration()
                .set(new TransactionAwareDataSourceProxy(dataSource))
                .set(database.dialect())
                .set(new SpringTransactionProvider(transactionManager))
                .set(new Settings().withExecuteLogging(false)));
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void aRebuildSwitchesInTablesEqualToABuildFromScratchUnderTheLiveNames() throws Exception {
        Log log = new Log(RandomWorkload.generate(new Random(11), 200, 30));
        log.appendAll();
        projectLive(log, new Random(3), log.head());
        Map<String, Set<String>> indexesBefore = indexes();

        Rebuild.Outcome outcome = rebuild(log, new Rebuild.Options(3, 97, 0)).run(true);

        assertThat(outcome).isEqualTo(Rebuild.Outcome.SWITCHED);
        assertThat(ShadowTables.anyExists(dsl, ShadowTables.NEXT)).isFalse();
        assertThat(ShadowTables.exist(dsl, ShadowTables.PREVIOUS)).as("old tables kept").isTrue();
        assertThat(indexes()).isEqualTo(indexesBefore);
        assertThat(indexesBefore.get("run_list")).hasSizeGreaterThan(20);
        assertThat(dsl.fetchCount(RUN_LIST)).isGreaterThan(150);
        assertThat(check(log).differences()).isEmpty();
        assertThat(rebuild(log, Rebuild.Options.defaults()).dropPrevious()).isTrue();
        assertThat(ShadowTables.anyExists(dsl, ShadowTables.PREVIOUS)).isFalse();
    }

    @Test
    void checkPrintsTheRunsWhoseLiveRowsDiffer() throws Exception {
        Log log = new Log(RandomWorkload.generate(new Random(5), 60, 20));
        log.appendAll();
        projectLive(log, new Random(3), log.head());
        String runId = dsl.select(RUN_LIST.RUN_ID).from(RUN_LIST).orderBy(RUN_LIST.RUN_ID).limit(1).fetchOne(0,
                String.class);
        dsl.update(RUN_LIST).set(RUN_LIST.DISPLAY_NAME, "tampered").where(RUN_LIST.RUN_ID.eq(runId)).execute();

        List<Check.Difference> differences = check(log).differences();

        assertThat(differences).extracting(Check.Difference::table, Check.Difference::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("run_list", runId));
        assertThat(ShadowTables.anyExists(dsl, Check.SUFFIX)).isFalse();
    }

    @Test
    void aRepairOfGivenRunsRebuildsTheirRowsAndCountersFromTheirEvents() throws Exception {
        Log log = new Log(RandomWorkload.generate(new Random(21), 80, 20));
        log.appendAll();
        projectLive(log, new Random(3), log.head());
        List<String> runIds = dsl.select(RUN_LIST.RUN_ID).from(RUN_LIST).orderBy(RUN_LIST.RUN_ID).limit(3)
                .fetch(RUN_LIST.RUN_ID);
        dsl.update(RUN_LIST).set(RUN_LIST.DISPLAY_NAME, "tampered")
                .where(RUN_LIST.RUN_ID.in(runIds)).execute();
        assertThat(check(log).differences()).isNotEmpty();

        long applied = repair(log).runs(runIds);

        assertThat(applied).isGreaterThanOrEqualTo(3);
        assertThat(check(log).differences()).isEmpty();
    }

    @Test
    void aRepairOfAPositionRangeGivesTheLiveRowsTheEventsTheyMissed() throws Exception {
        Log log = new Log(RandomWorkload.generate(new Random(23), 80, 20));
        log.appendAll();
        long skippedFrom = log.head() - 120;
        projectLive(log, new Random(3), skippedFrom);
        assertThat(check(log).differences()).isNotEmpty();

        long read = repair(log).range(skippedFrom - 10, log.head());

        assertThat(read).isEqualTo(130);
        assertThat(check(log).differences()).isEmpty();
    }

    @Test
    void anInterruptedRebuildResumesFromItsLanesAndEndsEqual() throws Exception {
        Log log = new Log(RandomWorkload.generate(new Random(13), 150, 30));
        log.appendAll();
        projectLive(log, new Random(4), log.head());
        Log failing = failingAfterHalf(log);
        assertThatThrownBy(() -> rebuild(failing, new Rebuild.Options(2, 50, 0)).run(true)).hasMessageContaining(
                "killed");
        long[] lanes = ReplayState.lanes(dsl, Rebuild.NAME, 2);
        assertThat(ReplayState.lowest(lanes)).isGreaterThan(0);

        CountingLog counting = new CountingLog(log.events);
        counting.appendAll();
        assertThat(rebuild(counting, new Rebuild.Options(2, 50, 0)).run(true)).isEqualTo(Rebuild.Outcome.SWITCHED);

        assertThat(counting.read.get()).as("events read again").isLessThan(log.events.size());
        assertThat(check(log).differences()).isEmpty();
    }

    @Test
    void aSwitchWhileTheLiveProjectorWritesLosesNoRun() throws Exception {
        Log log = new Log(RandomWorkload.generate(new Random(17), 300, 25));
        log.append(log.events.size() / 3);
        projectLive(log, new Random(5), log.head());
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> writer = writeAndProjectLive(log, writing, new Random(9));
        Rebuild.Outcome outcome = rebuild(log, new Rebuild.Options(3, 200, 50)).run(true);
        writing.set(false);
        writer.get(5, TimeUnit.MINUTES);

        assertThat(outcome).isEqualTo(Rebuild.Outcome.SWITCHED);
        assertThat(log.head()).isEqualTo(log.events.size());
        assertThat(check(log).differences()).isEmpty();
    }

    @Test
    void aBackfillOfANewTableWhileWritesContinueEndsEqualToABuildFromScratch() throws Exception {
        Log log = new Log(RandomWorkload.generate(new Random(31), 300, 25));
        log.append(log.events.size() / 2);
        projectLive(log, new Random(6), log.head());
        assertThat(dsl.fetchCount(MLMD_OBJECT)).isGreaterThan(150);
        tableAddedNow();
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> writer = writeAndProjectLive(log, writing, new Random(10));
        ReplayProgress progress = new ReplayProgress();

        Backfill.Outcome outcome = backfill(log, new Rebuild.Options(3, 97, 30), progress).run();
        long readyAt = log.head();
        writing.set(false);
        writer.get(5, TimeUnit.MINUTES);

        assertThat(outcome).isEqualTo(Backfill.Outcome.READY);
        assertThat(ReadTableState.of(dsl, "mlmd_object")).isEqualTo(ReadTableState.State.READY);
        assertThat(ReplayState.find(dsl, Backfill.replayName("mlmd_object"))).isEmpty();
        assertThat(progress.snapshot().done()).isGreaterThanOrEqualTo(readyAt / 2);
        assertThat(log.head()).isEqualTo(log.events.size());
        assertThat(check(log).differences()).isEmpty();
    }

    @Test
    void anInterruptedBackfillResumesFromItsLanesAndEndsEqual() throws Exception {
        Log log = new Log(RandomWorkload.generate(new Random(33), 150, 30));
        log.appendAll();
        projectLive(log, new Random(4), log.head());
        tableAddedNow();
        Log failing = failingAfterHalf(log);
        assertThatThrownBy(() -> backfill(failing, new Rebuild.Options(2, 50, 0), new ReplayProgress()).run())
                .hasMessageContaining("killed");
        assertThat(ReadTableState.of(dsl, "mlmd_object")).isEqualTo(ReadTableState.State.BACKFILLING);
        assertThat(ReplayState.lowest(ReplayState.lanes(dsl, Backfill.replayName("mlmd_object"), 2))).isPositive();

        CountingLog counting = new CountingLog(log.events);
        counting.appendAll();
        assertThat(backfill(counting, new Rebuild.Options(2, 50, 0), new ReplayProgress()).run())
                .isEqualTo(Backfill.Outcome.READY);

        assertThat(counting.read.get()).as("events read again").isLessThan(log.events.size());
        assertThat(ReadTableState.of(dsl, "mlmd_object")).isEqualTo(ReadTableState.State.READY);
        assertThat(check(log).differences()).isEmpty();
    }

    @Test
    void aBackfillAnotherProcessHoldsIsLeftToItAndARebuildMakesTheTableReady() throws Exception {
        Log log = new Log(RandomWorkload.generate(new Random(35), 80, 20));
        log.appendAll();
        projectLive(log, new Random(4), log.head());
        tableAddedNow();
        try (ReadTableState.Claim held = ReadTableState.claim(dataSource, database.dialect(), "mlmd_object")
                .orElseThrow()) {
            assertThat(held.state()).isEqualTo(ReadTableState.State.BACKFILLING);
            assertThat(backfill(log, Rebuild.Options.defaults(), new ReplayProgress()).run())
                    .isEqualTo(Backfill.Outcome.BUSY);
        }
        assertThat(check(log).differences()).extracting(Check.Difference::table).containsOnly("mlmd_object");

        assertThat(rebuild(log, new Rebuild.Options(2, 100, 0)).run(true)).isEqualTo(Rebuild.Outcome.SWITCHED);

        assertThat(ReadTableState.of(dsl, "mlmd_object")).isEqualTo(ReadTableState.State.READY);
        assertThat(check(log).differences()).isEmpty();
        assertThat(backfill(log, Rebuild.Options.defaults(), new ReplayProgress()).run())
                .isEqualTo(Backfill.Outcome.READY);
    }

    /** Appends to the log and projects it live in the background until {@code writing} ends and all is projected. */
    private CompletableFuture<Void> writeAndProjectLive(Log log, AtomicBoolean writing, Random random) {
        long[] livePosition = {log.head()};
        return CompletableFuture.runAsync(() -> {
            while (writing.get() || livePosition[0] < log.events.size()) {
                if (writing.get()) {
                    log.append(1 + random.nextInt(20));
                } else {
                    log.appendAll();
                }
                livePosition[0] = projectLive(log, random, livePosition[0], 1 + random.nextInt(40));
            }
        });
    }

    /** The whole log, whose reads fail past its middle (a process killed half-way). */
    private static Log failingAfterHalf(Log log) {
        Log failing = new Log(log.events) {
            @Override
            public List<ProjectedEvent> between(long after, long upTo, int limit) {
                if (after > head() / 2) {
                    throw new IllegalStateException("killed");
                }
                return super.between(after, upTo, limit);
            }
        };
        failing.appendAll();
        return failing;
    }

    /** As a database that had the runs before mlmd_object existed: the table empty and backfilling. */
    private void tableAddedNow() {
        dsl.deleteFrom(MLMD_OBJECT).execute();
        ReadTableState.set(dsl, "mlmd_object", ReadTableState.State.BACKFILLING);
    }

    private Backfill backfill(ReplaySource source, Rebuild.Options options, ReplayProgress progress) {
        return new Backfill(dsl, dataSource, transactionManager, source, Backfill.TABLES.get("mlmd_object"), options,
                progress);
    }

    Rebuild rebuild(ReplaySource source, Rebuild.Options options) {
        return new Rebuild(dsl, dataSource, transactionManager, source, projector, options, new ReplayProgress());
    }

    private Repair repair(ReplaySource source) {
        return new Repair(dsl, dataSource, transactionManager, source, projector, 37);
    }

    private Check.Result check(ReplaySource source) throws InterruptedException {
        return new Check(dsl, transactionManager, source, projector, new Rebuild.Options(2, 500, 0),
                new ReplayProgress()).run(() -> { });
    }

    /** Projects everything up to {@code upTo} as the live projector does: random batches, the gate passed first. */
    private void projectLive(Log log, Random random, long upTo) {
        long position = 0;
        while (position < upTo) {
            position = projectLive(log, random, position, (int) Math.min(upTo - position, 1 + random.nextInt(60)));
        }
    }

    private long projectLive(Log log, Random random, long after, int batch) {
        List<ProjectedEvent> events = log.between(after, log.head(), batch);
        if (events.isEmpty()) {
            return after;
        }
        // A transient failure (a deadlock with the backfill's lanes) rolls the batch back and the processor tries it
        // again, as Axon's processor does with the live projector's batches.
        for (int attempt = 1; ; attempt++) {
            try {
                new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
                    ProjectionGate.pass(dsl, RunListProjector.PROCESSING_GROUP);
                    projector.applyLogged(dsl, events);
                });
                return events.get(events.size() - 1).position();
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isTransient(e) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Every index of the projection's tables, by table: its name, uniqueness and columns in order. */
    private Map<String, Set<String>> indexes() {
        Map<String, Set<String>> indexes = new TreeMap<>();
        for (Table<?> table : ShadowTables.TABLES) {
            String name = table.getName();
            if (database.dialect().family() == SQLDialect.POSTGRES) {
                indexes.put(name, new HashSet<>(dsl.fetch("SELECT indexname || ': ' || indexdef FROM pg_indexes "
                        + "WHERE tablename = ?", name).getValues(0, String.class)));
            } else {
                indexes.put(name, new HashSet<>(dsl.fetch("SELECT CONCAT(index_name, ': ', MIN(non_unique), ' ', "
                        + "GROUP_CONCAT(column_name, '(', COALESCE(sub_part, ''), ')' ORDER BY seq_in_index)) "
                        + "FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? "
                        + "GROUP BY index_name", name).getValues(0, String.class)));
            }
        }
        return indexes;
    }

    /** An in-memory event log: the workload renumbered 1, 2, 3, ... of which a growing prefix is appended. */
    static class Log implements ReplaySource {

        final List<ProjectedEvent> events = new ArrayList<>();
        private final AtomicInteger appended = new AtomicInteger();

        Log(List<ProjectedEvent> workload) {
            for (ProjectedEvent event : workload) {
                events.add(new ProjectedEvent(event.runId(), event.sequence(), events.size() + 1L, event.timestamp(),
                        event.payload()));
            }
        }

        void appendAll() {
            appended.set(events.size());
        }

        void append(int count) {
            appended.updateAndGet(current -> Math.min(events.size(), current + count));
        }

        @Override
        public long head() {
            return appended.get();
        }

        @Override
        public List<ProjectedEvent> between(long after, long upTo, int limit) {
            int from = (int) Math.max(0, after);
            int to = (int) Math.min(Math.min(upTo, head()), from + (long) limit);
            return from >= to ? List.of() : List.copyOf(events.subList(from, to));
        }

        @Override
        public List<ProjectedEvent> ofRuns(Collection<String> runIds, long after, long upTo, int limit) {
            return between(after, upTo, Integer.MAX_VALUE).stream().filter(event -> runIds.contains(event.runId()))
                    .limit(limit).toList();
        }
    }

    static final class CountingLog extends Log {

        final AtomicInteger read = new AtomicInteger();

        CountingLog(List<ProjectedEvent> events) {
            super(events);
        }

        @Override
        public List<ProjectedEvent> between(long after, long upTo, int limit) {
            List<ProjectedEvent> events = super.between(after, upTo, limit);
            read.addAndGet(events.size());
            return events;
        }
    }
}
