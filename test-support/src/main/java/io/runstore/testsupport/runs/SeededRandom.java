package io.runstore.testsupport.runs;

import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** The generator's source of randomness: one independent, repeatable stream per (seed, purpose, index). */
final class SeededRandom {

    private final SplittableRandom random;

    SeededRandom(long seed, long purpose, long index) {
        this.random = new SplittableRandom(mix(mix(seed) ^ purpose * 0x9E3779B97F4A7C15L ^ index));
    }

    /** A version-4 UUID in its usual text form, as KFP makes run, task and experiment ids. */
    String uuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    String hex(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    int between(int fromInclusive, int toInclusive) {
        return random.nextInt(fromInclusive, toInclusive + 1);
    }

    long nextLong() {
        return random.nextLong();
    }

    double nextDouble() {
        return random.nextDouble();
    }

    /** A value between {@code min} and {@code max} whose logarithm is uniform: many small, a long tail of large. */
    int logUniform(int min, int max) {
        return (int) Math.round(min * Math.pow((double) max / min, random.nextDouble()));
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** The index whose cumulative weight first exceeds a uniform draw. */
    int pickWeighted(double[] cumulative) {
        double draw = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (draw < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
