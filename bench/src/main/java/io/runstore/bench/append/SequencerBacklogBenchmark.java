package io.runstore.bench.append;

import io.runstore.bench.report.DatabaseKinds;
import io.runstore.bench.report.MachineInfo;
import io.runstore.bench.report.MarkdownTable;
import io.runstore.bench.lock.TimingLock;
import io.runstore.eventstore.EventStoreSchema;
import io.runstore.eventstore.JooqEventStorageEngine;
import io.runstore.testsupport.DatabaseKind;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.runstore.eventstore.schema.Tables.EVENT_SEQUENCER;

/**
 * How fast the event store's background sequencer numbers a backlog of committed, unnumbered events (left by a bulk
 * import, a writer path without group commit, a crash): a database holding {@code backlog} such rows, one engine's
 * sequencer thread started on it as in a server, its {@code event_sequencer.last_position} sampled every 200 ms until
 * the backlog is numbered or the time is up. Baseline in the same run: the same engine on the schema before
 * {@code V4} (the event store's migrations up to 2.3), same rows, same database server. Rows are loaded with one
 * {@code INSERT ... SELECT} per 100,000 (PostgreSQL's {@code generate_series}, MariaDB's sequence engine: MySQL is
 * not covered), about 300 bytes of JSON each (an event of a task's update; a smaller table than runs' first events
 * make, for the disk the machine shares), then analyzed.
 * <p>
 * {@code SequencerBacklogBenchmark [--backlogs=500000,2000000] [--numbered=0] [--seconds=60]
 * [--databases=postgresql,mysql] [--timing-lock=/tmp/runstore-bench.lock]}; prints a Markdown report.
 * {@code --numbered} puts that many numbered rows (positions 1..n) before the backlog, as in a log that has run for a
 * while. With {@code --timing-lock} it loads the rows without the lock and holds it ({@code flock}) only while a
 * sequencer runs.
 */
public final class SequencerBacklogBenchmark {

    /** The last event-store schema version before the sequencer's index ({@code V4}). */
    private static final String BEFORE_INDEX = "2.3";
    private static final int LOAD_CHUNK = 100_000;

    private SequencerBacklogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> backlogs = List.of(500_000L, 2_000_000L);
        Duration limit = Duration.ofSeconds(60);
        Path timingLock = null;
        long numbered = 0;
        List<DatabaseKind> kinds = List.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL);
        for (String arg : args) {
            if (arg.startsWith("--backlogs=")) {
                backlogs = Arrays.stream(arg.substring(11).split(",")).map(Long::parseLong).toList();
            } else if (arg.startsWith("--seconds=")) {
                limit = Duration.ofSeconds(Long.parseLong(arg.substring(10)));
            } else if (arg.startsWith("--databases=")) {
                kinds = DatabaseKinds.parse(arg.substring(12));
            } else if (arg.startsWith("--numbered=")) {
                numbered = Long.parseLong(arg.substring(11));
            } else if (arg.startsWith("--timing-lock=")) {
                timingLock = Path.of(arg.substring(14));
            } else {
                throw new IllegalArgumentException("Unknown argument " + arg);
            }
        }
        MachineInfo machine = MachineInfo.read();
        StringBuilder report = new StringBuilder(String.format("`SequencerBacklogBenchmark --backlogs=%s "
                        + "--numbered=%d --seconds=%d`, %s, %d cores (%s), load average (1/5/15 min) at start %s.%n%n",
                String.join(",", backlogs.stream().map(String::valueOf).toList()), numbered, limit.toSeconds(),
                machine.date(),
                machine.cores(), machine.cpu(), MachineInfo.loadAverage()));
        MarkdownTable table = new MarkdownTable("database", "backlog", "schema", "numbered", "seconds",
                "positions/s", "positions/s, first 10 s", "positions/s, last 10 s", "after / before")
                .numeric(1, 3, 4, 5, 6, 7, 8);
        for (DatabaseKind kind : kinds) {
            for (long backlog : backlogs) {
                CatchUp before = measure(kind, numbered, backlog, limit, true, timingLock);
                CatchUp after = measure(kind, numbered, backlog, limit, false, timingLock);
                for (CatchUp run : List.of(before, after)) {
                    table.row(kind.name(), String.format("%,d", backlog),
                            run == before ? "before V4 (baseline)" : "with V4",
                            String.format("%,d%s", run.numbered(), run.numbered() >= backlog ? " (all)" : ""),
                            String.format("%.1f", run.seconds()), String.format("%,.0f", run.rate()),
                            String.format("%,.0f", run.firstRate()), String.format("%,.0f", run.lastRate()),
                            run == before ? "" : String.format("%.1fx", after.rate() / before.rate()));
                }
                System.err.printf("%s %,d: before %,.0f/s, after %,.0f/s%n", kind, backlog, before.rate(),
                        after.rate());
            }
        }
        report.append(table.render()).append("\nLoad average at the end: ").append(MachineInfo.loadAverage())
                .append(".\n");
        System.out.print(report);
        System.exit(0);
    }

    /** Positions given over time by one sequencer thread working through the backlog. */
    private record CatchUp(long numbered, double seconds, double firstRate, double lastRate) {

        double rate() {
            return numbered / seconds;
        }
    }

    private static CatchUp measure(DatabaseKind kind, long numbered, long backlog, Duration limit, boolean baseline,
                                   Path timingLock) throws Exception {
        try (BenchDatabase db = new BenchDatabase(kind, 4)) {
            Flyway flyway = EventStoreSchema.flyway(db.dataSource, db.database.dialect());
            if (baseline) {
                flyway = Flyway.configure().configuration(flyway.getConfiguration()).target(BEFORE_INDEX).load();
            }
            flyway.migrate();
            load(db, numbered, backlog);
            List<long[]> samples = new ArrayList<>();
            JooqEventStorageEngine engine = JooqEventStorageEngine.builder().dsl(db.dsl)
                    .transactionManager(db.transactionManager).eventSerializer(db.serializer)
                    .snapshotSerializer(db.serializer).build();
            long given = 0;
            long elapsed = 0;
            try (TimingLock lock = timingLock == null ? null : TimingLock.acquire(timingLock)) {
                long start = System.nanoTime();
                engine.start();
                while (given < backlog && elapsed < limit.toNanos()) {
                    Thread.sleep(200);
                    given = db.dsl.select(EVENT_SEQUENCER.LAST_POSITION).from(EVENT_SEQUENCER).fetchSingle()
                            .value1() - numbered;
                    elapsed = System.nanoTime() - start;
                    samples.add(new long[]{elapsed, given});
                }
                engine.close();
            }
            db.dsl.execute("DROP TABLE event_log");
            return new CatchUp(given, elapsed / 1e9, rate(samples, 0, 10), rate(samples, elapsed / 1e9 - 10,
                    elapsed / 1e9));
        }
    }

    /** Positions per second between the samples nearest {@code from} and {@code to} seconds after the start. */
    private static double rate(List<long[]> samples, double from, double to) {
        long[] first = new long[]{0, 0};
        long[] last = samples.get(samples.size() - 1);
        for (long[] sample : samples) {
            if (sample[0] / 1e9 <= from) {
                first = sample;
            }
            if (sample[0] / 1e9 <= to) {
                last = sample;
            }
        }
        return last[0] == first[0] ? 0 : (last[1] - first[1]) / ((last[0] - first[0]) / 1e9);
    }

    /**
     * {@code numbered} rows with positions 1..numbered (an existing log), then {@code backlog} committed rows without a
     * position, about 300 bytes of JSON payload each; then fresh statistics.
     */
    private static void load(BenchDatabase db, long numbered, long backlog) {
        boolean postgres = db.kind == DatabaseKind.POSTGRESQL;
        long to;
        for (long from = 1; from <= numbered + backlog; from = to + 1) {
            to = Math.min(from <= numbered ? numbered : numbered + backlog, from + LOAD_CHUNK - 1);
            String n = postgres ? "g" : "seq";
            String rows = postgres ? "generate_series(" + from + ", " + to + ") AS g" : "seq_" + from + "_to_" + to;
            String payload = postgres
                    ? "'{\"runId\": \"' || md5((" + n + " / 20)::text) || '\", \"note\": \"' || repeat(md5(" + n
                      + "::text), 8) || '\"}'"
                    : "CONCAT('{\"runId\": \"', MD5(" + n + " DIV 20), '\", \"note\": \"', REPEAT(MD5(" + n
                      + "), 8), '\"}')";
            String text = postgres ? "::text" : "";
            String concat = postgres ? "'%s' || " + n + text : "CONCAT('%s', " + n + ")";
            db.dsl.execute("INSERT INTO event_log (position, run_id, sequence_number, event_id, aggregate_type, "
                    + "payload_type, payload, metadata, occurred_at, command_id) SELECT "
                    + (from <= numbered ? n : "NULL") + ", "
                    + (postgres ? "'run-' || (g / 20)::text" : "CONCAT('run-', seq DIV 20)") + ", " + n + " % 20, "
                    + concat.formatted("event-") + ", 'Run', 'io.runstore.events.task.TaskUpdated', " + payload
                    + ", '{}', 1700000000000000 + " + n + ", " + concat.formatted("command-") + " FROM " + rows);
        }
        db.dsl.execute("UPDATE event_sequencer SET last_position = " + numbered + " WHERE id = 1");
        db.dsl.execute(postgres ? "ANALYZE event_log" : "ANALYZE TABLE event_log");
    }
}
