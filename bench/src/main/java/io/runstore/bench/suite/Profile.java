package io.runstore.bench.suite;

import io.runstore.testsupport.DatabaseKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How much a suite run measures: data set sizes, databases, and how long each comparison is timed.
 *
 * @param budget    timing per request, all implementations together (at least {@code minRounds} rounds)
 * @param threads   loader threads
 * @param timingLock a file to hold with flock(1) while timing, not while loading (shared machines), if any
 * @param diskMarginPercent free disk the ListRuns section asks for beyond a data set's estimated size, in percent of
 *                   that estimate (DiskSpace: never less than its floor)
 * @param listRuns  which ListRuns cases and pages are timed, and how warm the query server is first
 */
public record Profile(String name, List<Integer> sizes, List<DatabaseKind> databases, Duration budget, int minRounds,
                      int maxRounds, int threads, Optional<Path> timingLock, int diskMarginPercent,
                      ListRunsOptions listRuns) {

    /**
     * @param cases             the cases to time by name (ListRunsSection's names), or empty for all of them
     * @param deepPage          the later page timed beside the first (reached by paging), or 0 for the first only
     * @param serverWarmUpCalls calls the query server answers before any timing: C2 compiles the query path only
     *                          after a few thousand calls, and a deployed server has long been warm
     */
    public record ListRunsOptions(Set<String> cases, int deepPage, int serverWarmUpCalls) {

        public static final ListRunsOptions DEFAULT = new ListRunsOptions(Set.of(), 50, 10_000);

        public ListRunsOptions {
            cases = Set.copyOf(cases);
            if (deepPage < 0 || deepPage == 1) {
                throw new IllegalArgumentException("--deep-page must be 0 (first page only) or at least 2: " + deepPage);
            }
            if (serverWarmUpCalls < 0) {
                throw new IllegalArgumentException("--server-warm-up-calls must not be negative: " + serverWarmUpCalls);
            }
        }

        public ListRunsOptions withCases(Set<String> cases) {
            return new ListRunsOptions(cases, deepPage, serverWarmUpCalls);
        }

        public ListRunsOptions withDeepPage(int page) {
            return new ListRunsOptions(cases, page, serverWarmUpCalls);
        }

        public ListRunsOptions withServerWarmUpCalls(int calls) {
            return new ListRunsOptions(cases, deepPage, calls);
        }
    }

    /** The disk margin unless {@code --disk-margin=} says otherwise. */
    public static final int DEFAULT_DISK_MARGIN_PERCENT = 20;

    /** Minutes on a 2-core machine: 1,000 and 3,000 runs on both databases. */
    public static Profile quick() {
        return new Profile("quick", List.of(1_000, 3_000), List.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL),
                Duration.ofSeconds(1), 5, 500, 2, Optional.empty(), DEFAULT_DISK_MARGIN_PERCENT,
                ListRunsOptions.DEFAULT);
    }

    /** 10,000, 100,000 and 1,000,000 runs on both databases: hours, and disk for KFP's manifests. */
    public static Profile full() {
        return new Profile("full", List.of(10_000, 100_000, 1_000_000),
                List.of(DatabaseKind.POSTGRESQL, DatabaseKind.MYSQL), Duration.ofSeconds(5), 20, 2000, 2,
                Optional.empty(), DEFAULT_DISK_MARGIN_PERCENT, ListRunsOptions.DEFAULT);
    }

    public static Profile named(String name) {
        return switch (name) {
            case "quick" -> quick();
            case "full" -> full();
            default -> throw new IllegalArgumentException("Unknown profile " + name + ": quick or full");
        };
    }

    public Profile withSizes(List<Integer> sizes) {
        return new Profile(name, List.copyOf(sizes), databases, budget, minRounds, maxRounds, threads, timingLock,
                diskMarginPercent, listRuns);
    }

    public Profile withDatabases(List<DatabaseKind> databases) {
        return new Profile(name, sizes, List.copyOf(databases), budget, minRounds, maxRounds, threads, timingLock,
                diskMarginPercent, listRuns);
    }

    public Profile withTiming(Duration budget, int minRounds) {
        return new Profile(name, sizes, databases, budget, minRounds, Math.max(minRounds, maxRounds), threads,
                timingLock, diskMarginPercent, listRuns);
    }

    public Profile withTimingLock(Path lock) {
        return new Profile(name, sizes, databases, budget, minRounds, maxRounds, threads, Optional.of(lock),
                diskMarginPercent, listRuns);
    }

    public Profile withDiskMargin(int percent) {
        return new Profile(name, sizes, databases, budget, minRounds, maxRounds, threads, timingLock, percent,
                listRuns);
    }

    public Profile withListRuns(ListRunsOptions options) {
        return new Profile(name, sizes, databases, budget, minRounds, maxRounds, threads, timingLock, diskMarginPercent,
                options);
    }
}
