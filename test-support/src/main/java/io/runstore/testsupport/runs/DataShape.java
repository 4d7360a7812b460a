package io.runstore.testsupport.runs;

/**
 * How many runs a benchmark data set holds; everything else (namespaces, experiments, states, sizes, contents)
 * follows from the seed, so two loaders that read the same shape hold the same runs.
 * <p>
 * Layout: one namespace per 100,000 runs plus one; when there are several, the first ({@code team-0}, the one the
 * benchmarks query) holds half the runs and the others share the rest, so the queried scope grows with the data set.
 * Each namespace has 10 to 100 experiments (one per 500 runs, clamped), sized by a Zipf law: experiment 0 is the
 * largest.
 */
public record DataShape(int runs, long seed) {

    public static final long DEFAULT_SEED = 20240101L;

    public DataShape {
        if (runs <= 0) {
            throw new IllegalArgumentException("A data set needs at least one run, not " + runs);
        }
    }

    public static DataShape of(int runs) {
        return new DataShape(runs, DEFAULT_SEED);
    }

    public int namespaceCount() {
        return 1 + runs / 100_000;
    }

    /** The expected share of all runs that falls into namespace {@code k}. */
    public double namespaceShare(int k) {
        int count = namespaceCount();
        if (count == 1) {
            return 1.0;
        }
        return k == 0 ? 0.5 : 0.5 / (count - 1);
    }

    public int experimentCount(int namespace) {
        long expectedRuns = Math.round(runs * namespaceShare(namespace));
        return (int) Math.max(10, Math.min(100, expectedRuns / 500));
    }
}
