package io.runstore.eventstore;

import io.runstore.database.DatabaseFailures;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.Optional;

/**
 * Axon's embedded event store, except when a run's snapshot cannot be read because the database is unavailable or
 * busy (a transient failure): Axon would log it and read the run's whole event stream from the same database instead,
 * waiting for it a second time; here loading the run fails at once, so a command answers 503 after one wait. A
 * snapshot that cannot be read for any other reason (an old shape) is still skipped, as Axon does.
 */
public final class FailFastEventStore extends EmbeddedEventStore {

    public FailFastEventStore(EmbeddedEventStore.Builder builder) {
        super(builder);
    }

    @Override
    protected Optional<DomainEventMessage<?>> handleSnapshotReadingError(String aggregateIdentifier,
                                                                         Throwable failure) {
        if (DatabaseFailures.isTransient(failure)) {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("reading the snapshot of " + aggregateIdentifier + " failed", failure);
        }
        return super.handleSnapshotReadingError(aggregateIdentifier, failure);
    }
}
