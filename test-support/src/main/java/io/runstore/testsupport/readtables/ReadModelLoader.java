package io.runstore.testsupport.readtables;

import io.runstore.testsupport.runs.LoadReport;
import io.runstore.testsupport.runs.RunGenerator;
import org.jooq.SQLDialect;

import javax.sql.DataSource;

/**
 * Brings a generated data set into runstore's read tables (which exist, empty). The benchmarks that read them do not
 * care how: the runs' events appended through the event store and projected (the suite's way), or rows written
 * directly (a quick way for tests of the benchmark code).
 */
public interface ReadModelLoader {

    LoadReport load(RunGenerator generator, int threads) throws Exception;

    /** Makes a loader for one database. */
    @FunctionalInterface
    interface Factory {
        ReadModelLoader create(DataSource dataSource, SQLDialect dialect);
    }
}
