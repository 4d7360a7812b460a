package io.runstore.bench.suite;

import io.runstore.query.listruns.ListRunsSystems;
import io.runstore.testsupport.DatabaseKind;

import java.io.File;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Refuses to load a data set that cannot fit on the database server's disk with room to spare. Checked only where the
 * server's data directory is visible, i.e. on a server running on this machine. The bytes per run are those of a
 * data set of the same run measured on the same server when there is one (the suite loads the sizes in ascending
 * order; on MySQL/MariaDB the files' allocated size), else the figures below. The room asked beyond the estimate is
 * the profile's margin (a percentage of the estimate, {@code --disk-margin=}, at least {@link #MIN_MARGIN_PERCENT})
 * and never less than {@link #MIN_FREE_AFTER_BYTES}: the disk is shared with the builds and databases of others.
 */
final class DiskSpace {

    /**
     * Bytes both systems take per run, KFP's tables and runstore's (event log and read tables), with the calibrated
     * manifests (StorageBenchmark at 2,000 runs, docs/benchmarks/manifests.md): PostgreSQL 65 + 138 KB; MariaDB
     * 184 + 162 KB (InnoDB compresses nothing and keeps every long text off-page in whole 16 KB pages).
     */
    private static final long POSTGRESQL_BYTES_PER_RUN = 203_000;
    private static final long MYSQL_BYTES_PER_RUN = 346_000;
    /** The least margin accepted: an estimate scaled up from a smaller data set is not exact. */
    static final int MIN_MARGIN_PERCENT = 5;
    /** Left free on the disk beyond the estimate whatever the margin. */
    static final long MIN_FREE_AFTER_BYTES = 5_000_000_000L;

    private DiskSpace() {
    }

    static long estimate(DatabaseKind kind, int runs, OptionalLong measuredBytesPerRun) {
        return runs * measuredBytesPerRun.orElse(kind == DatabaseKind.POSTGRESQL
                ? POSTGRESQL_BYTES_PER_RUN : MYSQL_BYTES_PER_RUN);
    }

    /** What must be free before loading {@code needed} bytes with this margin. */
    static long required(long needed, int marginPercent) {
        checkMargin(marginPercent);
        return needed + Math.max(needed * marginPercent / 100, MIN_FREE_AFTER_BYTES);
    }

    /** Refuses a margin below the least one. */
    static int checkMargin(int marginPercent) {
        if (marginPercent < MIN_MARGIN_PERCENT) {
            throw new IllegalArgumentException("--disk-margin=" + marginPercent + ": at least " + MIN_MARGIN_PERCENT
                    + " (%), the estimate is scaled up from a smaller data set");
        }
        return marginPercent;
    }

    /** The free bytes where the server keeps its data, if that directory is on this machine. */
    static Optional<Long> free(String dataDirectory) {
        File directory = new File(dataDirectory);
        return directory.exists() ? Optional.of(directory.getUsableSpace()) : Optional.empty();
    }

    /** Refuses when the disk is too small; else says what was estimated, from what, and how much is free. */
    static String check(ListRunsSystems systems, int runs, OptionalLong measuredBytesPerRun, int marginPercent)
            throws java.sql.SQLException {
        long needed = estimate(systems.kind(), runs, measuredBytesPerRun);
        long required = required(needed, marginPercent);
        String dataDirectory = systems.dataDirectory();
        Optional<Long> free = free(dataDirectory);
        String basis = measuredBytesPerRun.isPresent() ? "measured on the smaller data set of this run"
                : "the calibrated figure";
        if (free.isPresent() && free.get() < required) {
            throw new IllegalStateException(String.format(
                    "%,d runs need about %.1f GB on the %s server's disk (%,d bytes per run, %s) and %d %% more "
                            + "(at least %.0f GB): %.1f GB, but %s has %.1f GB free: choose smaller sizes with "
                            + "--sizes=... or a smaller --disk-margin=", runs, needed / 1e9, systems.kind(),
                    needed / runs, basis, marginPercent, MIN_FREE_AFTER_BYTES / 1e9, required / 1e9, dataDirectory,
                    free.get() / 1e9));
        }
        return String.format("estimate %.1f GB (%,d bytes per run, %s), %.1f GB required with the margin, %s free",
                needed / 1e9, needed / runs, basis, required / 1e9,
                free.map(bytes -> String.format("%.1f GB", bytes / 1e9)).orElse("unknown (remote server)"));
    }
}
