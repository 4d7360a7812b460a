package io.runstore.bench.suite;

import io.runstore.query.listruns.ListRunsSystems;

import java.io.File;
import java.util.Optional;

/**
 * Refuses to load a data set that cannot fit on the database server's disk: KFP keeps every manifest, and at a
 * million runs that is more than most machines have. Checked only where the server's data directory is visible,
 * i.e. on a server running on this machine.
 */
final class DiskSpace {

    /** Bytes both systems take per run, measured here at 10,000 runs (KFP's manifests uncompressed on MariaDB). */
    private static final long POSTGRESQL_BYTES_PER_RUN = 140_000;
    private static final long MYSQL_BYTES_PER_RUN = 320_000;

    private DiskSpace() {
    }

    static long estimate(ListRunsSystems systems, int runs) {
        return runs * (systems.kind() == io.runstore.testsupport.DatabaseKind.POSTGRESQL
                ? POSTGRESQL_BYTES_PER_RUN : MYSQL_BYTES_PER_RUN);
    }

    /** The free bytes where the server keeps its data, if that directory is on this machine. */
    static Optional<Long> free(String dataDirectory) {
        File directory = new File(dataDirectory);
        return directory.exists() ? Optional.of(directory.getUsableSpace()) : Optional.empty();
    }

    static void check(ListRunsSystems systems, int runs) throws java.sql.SQLException {
        long needed = estimate(systems, runs);
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
