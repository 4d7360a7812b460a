package io.runstore.server.replay;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.runstore.projections.replay.ReplayProgress;
import io.runstore.projections.replay.ShadowTables;
import io.runstore.projections.replay.TableStatus;
import org.jooq.Table;

import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * A replay's meters in this server (Prometheus names in brackets): {@code runstore.replay.events} events done, a
 * counter whose rate is events/s [runstore_replay_events_total]; {@code runstore.replay.events.remaining} events it
 * still has to go through [runstore_replay_events_remaining]; {@code runstore.replay.eta} seconds left at the current
 * rate, -1 when unknown [runstore_replay_eta_seconds]. Per read table (tag {@code table}), from the database (at most
 * every 5 s), whichever process runs the replay: {@code runstore.replay.table.events.done} and
 * {@code .events.total} of the replay under way on it (0 when none), {@code runstore.replay.table.events.rate}
 * events/s, {@code runstore.replay.table.eta} seconds (-1 when unknown), {@code runstore.replay.table.ready} 1 when
 * it may be read, 0 while it is backfilled.
 */
public final class ReplayMetrics implements MeterBinder {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final ReplayAdmin admin;

    public ReplayMetrics(ReplayAdmin admin) {
        this.admin = admin;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ReplayProgress progress = admin.progress();
        FunctionCounter.builder("runstore.replay.events", progress, p -> p.snapshot().done())
                .description("events a replay in this server has gone through").register(registry);
        Gauge.builder("runstore.replay.events.remaining", progress,
                        p -> Math.max(0, p.snapshot().total() - p.snapshot().done()))
                .description("events the replay in this server still has to go through").register(registry);
        Gauge.builder("runstore.replay.eta", progress, p -> p.snapshot().etaSeconds()).baseUnit("seconds")
                .description("time the replay in this server needs at its current rate, -1 when unknown")
                .register(registry);
        for (Table<?> table : ShadowTables.TABLES) {
            String name = table.getName();
            perTable(registry, "runstore.replay.table.events.done", name, TableStatus::eventsDone,
                    "events the replay under way on the table is past");
            perTable(registry, "runstore.replay.table.events.total", name, TableStatus::eventsTotal,
                    "events the replay under way on the table goes through");
            perTable(registry, "runstore.replay.table.events.rate", name, TableStatus::eventsPerSecond,
                    "events/s of the replay under way on the table");
            perTable(registry, "runstore.replay.table.eta", name, TableStatus::etaSeconds,
                    "seconds the replay under way on the table needs at its rate, -1 when unknown");
            perTable(registry, "runstore.replay.table.ready", name, status -> "READY".equals(status.state()) ? 1 : 0,
                    "1 when the table may be read, 0 while it is backfilled");
        }
    }

    private void perTable(MeterRegistry registry, String meter, String table, ToDoubleFunction<TableStatus> value,
                          String description) {
        Gauge.builder(meter, admin, a -> a.tables(MAX_AGE).stream().filter(status -> status.table().equals(table))
                        .findFirst().map(value::applyAsDouble).orElse(Double.NaN))
                .tag("table", table).description(description).register(registry);
    }
}
