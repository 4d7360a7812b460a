package io.runstore.bench.append;

import io.runstore.bench.report.MachineInfo;
import io.runstore.eventstore.EventStoreSchema;
import io.runstore.eventstore.JooqEventStorageEngine;
import io.runstore.testsupport.DatabaseKind;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;

/**
 * What an idle process's event sequencer costs the database after a bulk append that the sequencer numbered: the
 * state in which each of its looks for unsequenced events walks, on PostgreSQL, the entries the partial index
 * {@code ix_event_log_unsequenced} keeps for every numbered row until VACUUM (issue 20). Three steps, each a run of
 * its own, so that builds can be measured alternately on one data set (the caller drops it):
 * <ul>
 *     <li>{@code --load=500000}: creates the database {@code --name} (kept), appends that many committed rows without
 *     a position (about 300 bytes of JSON each, one {@code INSERT ... SELECT} per 100,000) and numbers them with an
 *     engine's sequencer ({@code sequencePending}, passes of 1,000 as the background thread runs them), analyzing the
 *     table before and after;</li>
 *     <li>{@code --measure --seconds=20}: starts an engine with the build's defaults, as a server process that
 *     appends nothing, and counts the statements its sequencer thread runs in that time and their time (a jOOQ
 *     listener on the engine's context); then times the look itself five times ({@code EXPLAIN (ANALYZE, BUFFERS)}
 *     on PostgreSQL: milliseconds and shared buffers; on MySQL/MariaDB the statement's wall time) and prints one
 *     line.</li>
 * </ul>
 * {@code SequencerIdlePollProbe --database=postgresql|mysql --name=seqpoll_probe [--load=N] [--measure
 * [--seconds=20] [--no-poll]]}. {@code --no-poll} turns the look off ({@code sequencerPolls(false)}, as
 * the server does in a process without the command role; builds that have it only).
 */
public final class SequencerIdlePollProbe {

    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared (?:hit=(\\d+))?\\s*(?:read=(\\d+))?");
    private static final Pattern EXECUTION = Pattern.compile("Execution Time: ([0-9.]+) ms");

    private SequencerIdlePollProbe() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseKind kind = DatabaseKind.POSTGRESQL;
        String name = "seqpoll_probe";
        long load = 0;
        boolean measure = false;
        boolean noPoll = false;
        int seconds = 20;
        for (String arg : args) {
            if (arg.startsWith("--database=")) {
                kind = arg.substring(11).startsWith("postgres") ? DatabaseKind.POSTGRESQL : DatabaseKind.MYSQL;
            } else if (arg.startsWith("--name=")) {
                name = arg.substring(7);
            } else if (arg.startsWith("--load=")) {
                load = Long.parseLong(arg.substring(7));
            } else if (arg.equals("--measure")) {
                measure = true;
            } else if (arg.equals("--no-poll")) {
                noPoll = true;
            } else if (arg.startsWith("--seconds=")) {
                seconds = Integer.parseInt(arg.substring(10));
            } else {
                throw new IllegalArgumentException("Unknown argument " + arg);
            }
        }
        try (BenchDatabase db = BenchDatabase.named(kind, name, 4)) {
            if (load > 0) {
                load(db, load);
            }
            if (measure) {
                measure(db, seconds, noPoll);
            }
        }
        System.exit(0);
    }

    private static void load(BenchDatabase db, long rows) {
        EventStoreSchema.migrate(db.dataSource, db.database.dialect());
        boolean postgres = db.kind == DatabaseKind.POSTGRESQL;
        for (long from = 1; from <= rows; from += 100_000) {
            long to = Math.min(rows, from + 99_999);
            String n = postgres ? "g" : "seq";
            String source = postgres ? "generate_series(" + from + ", " + to + ") AS g" : "seq_" + from + "_to_" + to;
            String payload = postgres
                    ? "'{\"runId\": \"' || md5((g / 20)::text) || '\", \"note\": \"' || repeat(md5(g::text), 8) || '\"}'"
                    : "CONCAT('{\"runId\": \"', MD5(seq DIV 20), '\", \"note\": \"', REPEAT(MD5(seq), 8), '\"}')";
            String concat = postgres ? "'%s' || g::text" : "CONCAT('%s', seq)";
            db.dsl.execute("INSERT INTO event_log (position, run_id, sequence_number, event_id, aggregate_type, "
                    + "payload_type, payload, metadata, occurred_at, command_id) SELECT NULL, "
                    + (postgres ? "'run-' || (g / 20)::text" : "CONCAT('run-', seq DIV 20)") + ", " + n + " % 20, "
                    + concat.formatted("event-") + ", 'Run', 'io.runstore.events.task.TaskUpdated', " + payload
                    + ", '{}', 1700000000000000 + " + n + ", " + concat.formatted("command-") + " FROM " + source);
        }
        // statistics as autovacuum's analyze would keep them: without, each pass sorted the whole backlog
        db.dsl.execute(postgres ? "ANALYZE event_log" : "ANALYZE TABLE event_log");
        long start = System.nanoTime();
        int numbered;
        try (JooqEventStorageEngine engine = engine(db, db.dsl, false)) {
            numbered = engine.sequencePending();
        }
        db.dsl.execute(postgres ? "ANALYZE event_log" : "ANALYZE TABLE event_log");
        System.out.printf("loaded %,d rows, numbered %,d by the sequencer in %.1f s%n", rows, numbered,
                (System.nanoTime() - start) / 1e9);
    }

    private static void measure(BenchDatabase db, int seconds, boolean noPoll) throws InterruptedException {
        AtomicLong statements = new AtomicLong();
        AtomicLong nanos = new AtomicLong();
        DSLContext watched = DSL.using(db.dsl.configuration().derive(new DefaultExecuteListenerProvider(
                new ExecuteListener() {
                    @Override
                    public void executeStart(ExecuteContext context) {
                        context.data("probe.start", System.nanoTime());
                    }

                    @Override
                    public void executeEnd(ExecuteContext context) {
                        if (Thread.currentThread().getName().equals("event-sequencer")) {
                            statements.incrementAndGet();
                            nanos.addAndGet(System.nanoTime() - (Long) context.data("probe.start"));
                        }
                    }
                })));
        String load = MachineInfo.loadAverage();
        try (JooqEventStorageEngine engine = engine(db, watched, noPoll)) {
            engine.start();
            Thread.sleep(seconds * 1000L);
        }
        List<double[]> looks = new ArrayList<>();
        String look = db.dsl.renderInlined(DSL.select(DSL.field(DSL.exists(
                DSL.selectOne().from(EVENT_LOG).where(EVENT_LOG.POSITION.isNull())))));
        for (int i = 0; i < 5; i++) {
            looks.add(db.kind == DatabaseKind.POSTGRESQL ? explain(db.dsl, look) : time(db.dsl, look));
        }
        looks.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] median = looks.get(2);
        System.out.printf("%s: %d s idle: %d statements of the sequencer thread (%.2f/s), %.1f ms in all "
                        + "(%.2f ms/s); one look: median %.2f ms, %s buffers; load at start %s, at end %s%n",
                db.kind, seconds, statements.get(), statements.get() / (double) seconds, nanos.get() / 1e6,
                nanos.get() / 1e6 / seconds, median[0], median[1] < 0 ? "n/a" : String.format("%.0f", median[1]),
                load, MachineInfo.loadAverage());
    }

    /** {milliseconds, shared buffers hit + read} of one look, from the plan PostgreSQL ran. */
    private static double[] explain(DSLContext dsl, String look) {
        StringBuilder plan = new StringBuilder();
        for (Record row : dsl.fetch("EXPLAIN (ANALYZE, BUFFERS) " + look)) {
            plan.append(row.get(0, String.class)).append('\n');
        }
        Matcher buffers = BUFFERS.matcher(plan);
        long pages = 0;
        if (buffers.find()) {
            pages = (buffers.group(1) == null ? 0 : Long.parseLong(buffers.group(1)))
                    + (buffers.group(2) == null ? 0 : Long.parseLong(buffers.group(2)));
        }
        Matcher execution = EXECUTION.matcher(plan);
        return new double[]{execution.find() ? Double.parseDouble(execution.group(1)) : Double.NaN, pages};
    }

    private static double[] time(DSLContext dsl, String look) {
        long start = System.nanoTime();
        dsl.fetch(look);
        return new double[]{(System.nanoTime() - start) / 1e6, -1};
    }

    private static JooqEventStorageEngine engine(BenchDatabase db, DSLContext dsl, boolean noPoll) {
        JooqEventStorageEngine.Builder builder = JooqEventStorageEngine.builder().dsl(dsl)
                .transactionManager(db.transactionManager).eventSerializer(db.serializer)
                .snapshotSerializer(db.serializer);
        if (noPoll) {
            builder.sequencerPolls(false);
        }
        return builder.build();
    }
}
