package io.runstore.projections.replay;

import io.runstore.projections.processing.BatchProjector;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;


/**
 * Compares the live read tables with a build from scratch: the whole log is replayed into a set of check tables
 * ({@link #SUFFIX}) by the fast path, then every table is compared row by row, as SHA-256 checksums per run (per key
 * for the tables that are not a run's: experiments and counters). The live projector keeps running meanwhile: rows
 * that differ are compared again after both have taken the events appended since, a few times, before they are
 * reported. The check tables are dropped at the end.
 */
public final class Check {

    public static final String NAME = "check";
    public static final String SUFFIX = "__check";

    private static final int ROUNDS = 5;

    /** A row (or a run's rows) that differs: which table, which key, what each side has. */
    public record Difference(String table, String key, String live, String rebuilt) {

        @Override
        public String toString() {
            return table + " " + key + ": live " + live + ", rebuilt " + rebuilt;
        }
    }

    /**
     * @param position    the head of the log the last comparison was made at
     * @param runs        runs compared
     * @param differences what differs (empty: the live tables equal a build from scratch)
     */
    public record Result(long position, long runs, List<Difference> differences) {
    }

    /** Waits between rounds of comparison for the live projector to take the newest events. */
    @FunctionalInterface
    public interface Pause {
        void pause() throws InterruptedException;
    }

    private final DSLContext dsl;
    private final DSLContext check;
    private final TransactionTemplate transactions;
    private final ReplaySource source;
    private final Rebuild.Options options;
    private final ReplayProgress progress;
    private final Replayer replayer;

    public Check(DSLContext dsl, PlatformTransactionManager transactionManager, ReplaySource source,
                 BatchProjector projector, Rebuild.Options options, ReplayProgress progress) {
        this.dsl = dsl;
        this.check = ShadowTables.mapped(dsl, SUFFIX);
        this.transactions = new TransactionTemplate(transactionManager);
        this.source = source;
        this.options = options;
        this.progress = progress;
        this.replayer = new Replayer(dsl, check, transactionManager, source, projector, NAME, options.chunk(),
                progress);
    }

    public Result run(Pause pause) throws InterruptedException {
        ShadowTables.create(dsl, SUFFIX);
        try {
            long start = source.head();
            transactions.executeWithoutResult(status -> ReplayState.start(dsl, NAME, options.lanes(), 0, start));
            long head = start;
            progress.started("BUILDING", 0, head);
            replayer.runTo(head);
            ShadowTables.createSecondaryIndexes(dsl, SUFFIX);
            progress.phase("COMPARING");
            Map<String, Map<String, String>> live = checksums(dsl, null);
            Map<String, Map<String, String>> rebuilt = checksums(check, null);
            List<Difference> differences = compare(live, rebuilt);
            for (int round = 1; round < ROUNDS && !differences.isEmpty(); round++) {
                pause.pause();
                head = source.head();
                replayer.runTo(head);
                Set<String> keys = new TreeSet<>();
                differences.forEach(difference -> keys.add(difference.table() + "\u0000" + difference.key()));
                differences = compare(checksums(dsl, keys), checksums(check, keys));
            }
            progress.phase("DONE");
            return new Result(head, live.getOrDefault("run_list", Map.of()).size(), differences);
        } finally {
            ShadowTables.drop(dsl, SUFFIX);
            transactions.executeWithoutResult(status -> ReplayState.finish(dsl, NAME));
        }
    }

    private static List<Difference> compare(Map<String, Map<String, String>> live,
                                            Map<String, Map<String, String>> rebuilt) {
        List<Difference> differences = new ArrayList<>();
        for (Table<?> table : ShadowTables.TABLES) {
            Map<String, String> a = live.getOrDefault(table.getName(), Map.of());
            Map<String, String> b = rebuilt.getOrDefault(table.getName(), Map.of());
            Set<String> keys = new TreeSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String key : keys) {
                String left = a.getOrDefault(key, "missing");
                String right = b.getOrDefault(key, "missing");
                if (!left.equals(right)) {
                    differences.add(new Difference(table.getName(), key, left, right));
                }
            }
        }
        return differences;
    }

    /**
     * Per table, the checksum of each run's rows (keyed by run id), or of each row for the tables not keyed by run;
     * only the given table/key pairs when {@code only} is not null.
     */
    private static Map<String, Map<String, String>> checksums(DSLContext dsl, Set<String> only) {
        Map<String, Map<String, String>> tables = new TreeMap<>();
        for (Table<?> table : ShadowTables.TABLES) {
            Map<String, StringBuilder> rows = new TreeMap<>();
            boolean byRun = table.field("run_id") != null;
            var key = byRun ? List.<org.jooq.Field<?>>of(table.field("run_id"))
                    : table.getPrimaryKey().getFields().stream().map(field -> (org.jooq.Field<?>) field).toList();
            List<org.jooq.SortField<?>> order = new ArrayList<>();
            table.getPrimaryKey().getFields().forEach(field -> order.add(field.asc()));
            for (Record row : dsl.selectFrom(table).orderBy(order).fetch()) {
                List<Object> values = new ArrayList<>();
                key.forEach(field -> values.add(row.get(field)));
                String k = values.size() == 1 ? String.valueOf(values.get(0)) : values.toString();
                if (only != null && !only.contains(table.getName() + "\u0000" + k)) {
                    continue;
                }
                rows.computeIfAbsent(k, x -> new StringBuilder()).append(row.intoList()).append('\n');
            }
            Map<String, String> sums = new TreeMap<>();
            rows.forEach((k, text) -> sums.put(k, sha256(text.toString())));
            tables.put(table.getName(), sums);
        }
        return tables;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
