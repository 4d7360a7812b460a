package io.runstore.bench.suite;

import io.runstore.query.listruns.ListRunsSystems;

import java.io.File;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Refuses to load a data set that cannot fit on the database server's disk. Checked only where the server's data
 * directory is visible, i.e. on a server running on this machine. The bytes per run are those of a data set of the same
 * run measured on the same server when there is one (the suite loads the sizes in ascending order), else the figures
 * below.
 */
final class DiskSpace {

    /**
     * Bytes both systems take per run, KFP's tables and runstore's (event log and read tables), with the calibrated
     * manifests (StorageBenchmark at 2,000 runs, docs/benchmarks/manifests.md): PostgreSQL 65 + 138 KB; MariaDB
     * 184 + 162 KB (InnoDB compresses nothing and keeps every long text off-page in whole 16 KB pages).
     */
    private static final long POSTGRESQL_BYTES_PER_RUN = 203_000;
    private static final long MYSQL_BYTES_PER_RUN = 346_000;

    private DiskSpace() {
    }

    static long estimate(ListRunsSystems systems, int runs, OptionalLong measuredBytesPerRun) {
        return runs * measuredBytesPerRun.orElse(systems.kind() == io.runstore.testsupport.DatabaseKind.POSTGRESQL
                ? POSTGRESQL_BYTES_PER_RUN : MYSQL_BYTES_PER_RUN);
    }

    /** The free bytes where the server keeps its data, if that directory is on this machine. */
    static Optional<Long> free(String dataDirectory) {
        File directory = new File(dataDirectory);
        return directory.exists() ? Optional.of(directory.getUsableSpace()) : Optional.empty();
    }

    static void check(ListRunsSystems systems, int runs, OptionalLong measuredBytesPerRun)
            throws java.sql.SQLException {
        long needed = estimate(systems, runs, measuredBytesPerRun);
        String dataDirectory = systems.dataDirectory();
        Optional<Long> free = free(dataDirectory);
        if (free.isPresent() && free.get() < needed * 12 / 10) {
            throw new IllegalStateException(String.format(
                    "%,d runs need about %.0f GB on the %s server's disk (%s), which has %.0f GB free: "
                            + "choose smaller sizes with --sizes=...", runs, needed / 1e9, systems.kind(), dataDirectory,
                    free.get() / 1e9));
        }
    }
}
