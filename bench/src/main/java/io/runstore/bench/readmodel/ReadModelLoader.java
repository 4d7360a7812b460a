package io.runstore.bench.readmodel;

import io.runstore.bench.dataset.LoadReport;
import io.runstore.bench.dataset.RunGenerator;

/**
 * Brings a generated data set into runstore's read tables (which exist, empty). The benchmarks that read them do not
 * care how: rows written directly now; later the runs' events appended through the event store and projected.
 */
public interface ReadModelLoader {

    LoadReport load(RunGenerator generator, int threads) throws Exception;
}
