package io.runstore.bench.append;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;

/**
 * Appended events per second over a window after a warm-up, with or without the projection running. With the
 * projection, also the events it projected per second over the same window (its rows counted at both ends), then,
 * once the writers stop, how long it takes to catch up, and what it did not receive.
 */
final class AppendMeasurement {

    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(5);

    private AppendMeasurement() {
    }

    /**
     * @param eventsPerSecond    appended per second during the window
     * @param projectedPerSecond projected per second during the window (0 without projection)
     * @param stored             events in the event table at the end
     * @param projected          rows the projection wrote (-1 without projection)
     * @param catchUpSeconds     how long the projection took after the writers stopped to reach every stored event
     */
    record Result(double eventsPerSecond, double projectedPerSecond, long succeeded, long failed, long stored,
                  long projected, double catchUpSeconds, long tableBytes, String firstFailure) {

        long lost() {
            return projected < 0 ? 0 : stored - projected;
        }
    }

    static Result run(BenchDatabase db, EngineKind kind, EventStorageEngine engine, int writers,
                      ProjectionMode projection, Duration warmup, Duration window) throws InterruptedException {
        try (AxonStack stack = new AxonStack(db, kind, engine, projection)) {
            CommandLoad load = new CommandLoad(stack.commands(), writers, 0);
            Thread.sleep(warmup.toMillis());
            long before = load.succeeded();
            long projectedBefore = projection.runs() ? db.count(ProjectionHandler.TABLE) : 0;
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            long appended = load.succeeded() - before;
            long projectedInWindow = projection.runs() ? db.count(ProjectionHandler.TABLE) - projectedBefore : 0;
            double seconds = (System.nanoTime() - start) / 1e9;
            load.close();
            long stopped = System.nanoTime();
            long stored = db.count(kind.eventTable);
            long projected = -1;
            double catchUp = 0;
            if (projection.runs()) {
                projected = awaitProjection(db, stored);
                catchUp = (System.nanoTime() - stopped) / 1e9;
            }
            return new Result(appended / seconds, projectedInWindow / seconds, load.succeeded(), load.failed(), stored,
                    projected, catchUp, db.sizeOf(kind.eventTable),
                    load.firstFailure() == null ? null : load.firstFailure().toString());
        }
    }

    private static long awaitProjection(BenchDatabase db, long stored) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        long projected = db.count(ProjectionHandler.TABLE);
        while (projected < stored && System.nanoTime() < deadline) {
            Thread.sleep(200);
            projected = db.count(ProjectionHandler.TABLE);
        }
        return projected;
    }
}
