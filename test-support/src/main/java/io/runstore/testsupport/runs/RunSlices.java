package io.runstore.testsupport.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Splits a data set's run indexes into contiguous slices and writes them in parallel, one thread per slice. */
public final class RunSlices {

    /** Writes runs {@code from} (inclusive) to {@code to} (exclusive); returns what it counted. */
    @FunctionalInterface
    public interface SliceWriter {
        long[] write(int from, int to) throws Exception;
    }

    private RunSlices() {
    }

    /** Runs {@code writer} on {@code threads} slices and adds up the counters they return, element by element. */
    public static long[] write(int runs, int threads, SliceWriter writer) throws Exception {
        int slices = Math.max(1, Math.min(threads, runs));
        ExecutorService executor = Executors.newFixedThreadPool(slices);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int s = 0; s < slices; s++) {
                int from = (int) ((long) runs * s / slices);
                int to = (int) ((long) runs * (s + 1) / slices);
                results.add(executor.submit(() -> writer.write(from, to)));
            }
            long[] total = null;
            for (Future<long[]> result : results) {
                long[] counts = unwrap(result);
                if (total == null) {
                    total = counts.clone();
                } else {
                    for (int i = 0; i < total.length; i++) {
                        total[i] += counts[i];
                    }
                }
            }
            return total;
        } finally {
            executor.shutdownNow();
        }
    }

    private static long[] unwrap(Future<long[]> result) throws Exception {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
