package io.runstore.eventstore;

import io.runstore.database.DatabaseFailures;
import io.runstore.eventstore.schema.tables.records.EventLogRecord;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep10;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static io.runstore.eventstore.schema.Tables.EVENT_LOG;
import static io.runstore.eventstore.schema.Tables.EVENT_SNAPSHOT;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;

/**
 * Axon's event storage on one {@code event_log} table, written with jOOQ: the same tables and queries on PostgreSQL and
 * MySQL/MariaDB (differences in {@link EventStoreDialect}), JSON text payloads, and a global position that is dense
 * and given only after commit, so a reader following {@code position > last} never passes an event that commits later
 * and a tracking token is one number ({@link GlobalSequenceTrackingToken}): no gap list, no gap timeout that can lose
 * an event.
 * <p>
 * Appends run in the caller's transaction (the Spring-managed {@link DSLContext} joins it), so events commit
 * atomically with the command's other writes. Rows are inserted without a position; after the commit, the
 * {@link EventSequencer} numbers them (see there why readers cannot pass a late commit). Per-run optimistic
 * concurrency is the unique key (run_id, sequence_number): the loser of a race gets Axon's
 * {@code ConcurrencyException} (or {@code AggregateStreamCreationException} for a run's first event).
 * <p>
 * Why a sequencer after commit: measured on this 2-core machine (PostgreSQL 15, MariaDB 10.11, shared with other
 * builds) by {@code io.runstore.bench.append.AppendBenchmark}, one event per transaction on this table, against the
 * portable alternative that takes the next position inside the appending transaction under the same lock row
 * (serialized appends). That lock is held through the commit, so commits queue one fsync after another and
 * throughput stays flat as writers are added: 98 / 89 events/s on PostgreSQL and 181 / 215 on MariaDB at 16 / 4
 * writers, against 664 / 343 and 741 / 190 for the sequencer in the same run (4.6x and 2.0x at 16 writers in a quieter
 * earlier run: 1,620 vs 350 and 1,325 vs 649). Its price: one extra UPDATE per event (numbered in one statement per
 * pass, at most one pass per 10 ms) and some tens of milliseconds of lag before an event is readable (p50 44-108 ms
 * against 14-154 ms for the counter at these loads). Following PostgreSQL's {@code pg_snapshot_xmin} is PostgreSQL
 * only, and gap lists with a timeout can lose events; both were ruled out without measuring. Figures:
 * docs/benchmarks/append.md.
 * <p>
 * Group commit (the server's default, {@link Builder#groupCommit}): an append made outside any transaction (the
 * server's commands run without one of their own) is written by the {@link GroupCommitter}, many commands per
 * transaction, positions given at insert under the same lock row: the counter design without its serialized commits,
 * and the sequencer design without its second write of every row. One UPDATE of the lock row takes the lock and
 * the group's positions, so a group costs three round trips. Through Axon with 16 writers and no projection it
 * appends 1.4x the stock engine on PostgreSQL and 1.2x on MariaDB; with 1 and 4 writers it is slower (0.5x to 0.8x):
 * groups are small, and one group at a time holds the lock through its commit while the stock engine's writers commit
 * side by side (docs/benchmarks/append.md, 2026-11-27 08:38 UTC).
 */
public class JooqEventStorageEngine extends BatchingEventStorageEngine implements AutoCloseable {

    private final DSLContext dsl;
    private final EventSequencer sequencer;
    private final Duration tailPollInterval;
    private final Duration tailIdleLimit;
    private final GroupCommitter groupCommitter;

    protected JooqEventStorageEngine(Builder builder) {
        super(builder);
        this.dsl = builder.dsl;
        this.sequencer = new EventSequencer(builder.dsl, builder.transactionManager, builder.sequencerBatchSize,
                new EventSequencer.Polling(builder.sequencerPolls, builder.pollInterval, builder.idlePollLimit),
                builder.passInterval);
        this.tailPollInterval = builder.pollInterval;
        this.tailIdleLimit = builder.tailIdleLimit;
        this.groupCommitter = builder.maxGroupSize > 0 ? new GroupCommitter(builder.dsl, builder.transactionManager,
                new GroupCommitter.Limits(builder.maxGroupSize, builder.maxGroupEvents, builder.maxGroupBytes,
                        builder.maxStatementBytes), builder.groupCommitWaitLimit, sequencer::announce) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts this process's sequencer thread, and its group-commit thread when group commit is on. */
    public void start() {
        sequencer.start();
        if (groupCommitter != null) {
            groupCommitter.start();
        }
    }

    /** Stops the sequencer thread; events committed but not yet sequenced are numbered by the next sequencer. */
    @Override
    public void close() {
        if (groupCommitter != null) {
            groupCommitter.close();
        }
        sequencer.close();
    }

    /** How the group-commit worker is doing; empty when group commit is off. */
    public Optional<GroupCommitHealth> groupCommitHealth() {
        return Optional.ofNullable(groupCommitter).map(GroupCommitter::health);
    }

    /** Whether appends made outside a transaction are written in group commits ({@link Builder#groupCommit}). */
    public boolean groupCommits() {
        return groupCommitter != null;
    }

    /** Numbers every committed unsequenced event now, in the calling thread; returns how many. */
    public int sequencePending() {
        return sequencer.sequencePending();
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        if (groupCommitter != null && !TransactionSynchronizationManager.isActualTransactionActive()) {
            List<EventLogRecord> rows = events.stream().map(event -> EventRows.toRow(event, serializer)).toList();
            try {
                groupCommitter.commit(rows, AppendTransaction.takePending());
            } catch (GroupCommitter.EventInsertFailed e) {
                handlePersistenceException((Exception) e.getCause(), events.get(0));
            }
            return;
        }
        InsertValuesStep10<EventLogRecord, String, Long, String, String, String, String, String, String, Long, String>
                insert = dsl.insertInto(EVENT_LOG, EVENT_LOG.RUN_ID, EVENT_LOG.SEQUENCE_NUMBER, EVENT_LOG.EVENT_ID,
                EVENT_LOG.AGGREGATE_TYPE, EVENT_LOG.PAYLOAD_TYPE, EVENT_LOG.PAYLOAD_REVISION, EVENT_LOG.PAYLOAD,
                EVENT_LOG.METADATA, EVENT_LOG.OCCURRED_AT, EVENT_LOG.COMMAND_ID);
        for (EventMessage<?> event : events) {
            EventLogRecord row = EventRows.toRow(event, serializer);
            insert = insert.values(row.getRunId(), row.getSequenceNumber(), row.getEventId(), row.getAggregateType(),
                    row.getPayloadType(), row.getPayloadRevision(), row.getPayload(), row.getMetadata(),
                    row.getOccurredAt(), row.getCommandId());
        }
        try {
            insert.execute();
        } catch (RuntimeException e) {
            handlePersistenceException(e, events.get(0));
        }
        signalSequencerAfterCommit();
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        var row = EventRows.toSnapshotRow(snapshot, serializer);
        // MySQL assigns left to right and later conditions see earlier assignments: sequence_number goes last.
        dsl.insertInto(EVENT_SNAPSHOT).set(row)
                .onConflict(EVENT_SNAPSHOT.RUN_ID)
                .doUpdate()
                .set(EVENT_SNAPSHOT.EVENT_ID, excluded(EVENT_SNAPSHOT.EVENT_ID))
                .set(EVENT_SNAPSHOT.AGGREGATE_TYPE, excluded(EVENT_SNAPSHOT.AGGREGATE_TYPE))
                .set(EVENT_SNAPSHOT.PAYLOAD_TYPE, excluded(EVENT_SNAPSHOT.PAYLOAD_TYPE))
                .set(EVENT_SNAPSHOT.PAYLOAD_REVISION, excluded(EVENT_SNAPSHOT.PAYLOAD_REVISION))
                .set(EVENT_SNAPSHOT.PAYLOAD, excluded(EVENT_SNAPSHOT.PAYLOAD))
                .set(EVENT_SNAPSHOT.METADATA, excluded(EVENT_SNAPSHOT.METADATA))
                .set(EVENT_SNAPSHOT.OCCURRED_AT, excluded(EVENT_SNAPSHOT.OCCURRED_AT))
                .set(EVENT_SNAPSHOT.SEQUENCE_NUMBER, excluded(EVENT_SNAPSHOT.SEQUENCE_NUMBER))
                .where(EVENT_SNAPSHOT.SEQUENCE_NUMBER.lt(excluded(EVENT_SNAPSHOT.SEQUENCE_NUMBER)))
                .execute();
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String runId) {
        return dsl.selectFrom(EVENT_SNAPSHOT).where(EVENT_SNAPSHOT.RUN_ID.eq(runId)).fetch(EventRows::snapshot).stream();
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken token, boolean mayBlock) {
        PositionSpliterator events = mayBlock
                ? PositionSpliterator.blocking(positionOf(token), this::fetchAfter, batchSize(), sequencer,
                tailPollInterval, tailIdleLimit)
                : PositionSpliterator.nonBlocking(positionOf(token), this::fetchAfter, batchSize());
        return StreamSupport.stream(events, false).onClose(events::close);
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return fetchAfter(positionOf(lastToken), batchSize);
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String runId, long firstSequenceNumber,
                                                                   int batchSize) {
        return dsl.selectFrom(EVENT_LOG)
                .where(EVENT_LOG.RUN_ID.eq(runId))
                .and(EVENT_LOG.SEQUENCE_NUMBER.ge(firstSequenceNumber))
                .orderBy(EVENT_LOG.SEQUENCE_NUMBER)
                .limit(batchSize)
                .fetch(EventRows::domain);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String runId) {
        return dsl.select(max(EVENT_LOG.SEQUENCE_NUMBER)).from(EVENT_LOG).where(EVENT_LOG.RUN_ID.eq(runId))
                .fetchOptional(0, Long.class);
    }

    /** The position before the first event: a processor starting here reads everything. */
    @Override
    public TrackingToken createTailToken() {
        return new GlobalSequenceTrackingToken(0);
    }

    /** The position of the newest sequenced event: a processor starting here reads only what comes next. */
    @Override
    public TrackingToken createHeadToken() {
        Long head = dsl.select(max(EVENT_LOG.POSITION)).from(EVENT_LOG).fetchOne(0, Long.class);
        return new GlobalSequenceTrackingToken(head == null ? 0 : head);
    }

    /**
     * A token just before the first event (in position order) that occurred at or after {@code dateTime}, or the head
     * if there is none. Scans the table: meant for the occasional reset, not for a hot path.
     */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        Long first = dsl.select(min(EVENT_LOG.POSITION)).from(EVENT_LOG)
                .where(EVENT_LOG.OCCURRED_AT.ge(EventRows.toMicros(dateTime)))
                .fetchOne(0, Long.class);
        return first == null ? createHeadToken() : new GlobalSequenceTrackingToken(first - 1);
    }

    /**
     * The events a command produced (by its {@code commandId} metadata), upcast, in the order they were appended.
     * The command API's idempotency uses it to answer a retry with the first attempt's result.
     */
    public DomainEventStream readEventsOfCommand(String commandId) {
        Stream<? extends DomainEventData<?>> rows = dsl.selectFrom(EVENT_LOG)
                .where(EVENT_LOG.COMMAND_ID.eq(commandId))
                .orderBy(EVENT_LOG.ID)
                .fetch(EventRows::domain)
                .stream();
        return EventStreamUtils.upcastAndDeserializeDomainEvents(rows, getEventSerializer(), upcasterChain);
    }

    private List<org.axonframework.eventhandling.TrackedDomainEventData<String>> fetchAfter(long position, int limit) {
        return dsl.selectFrom(EVENT_LOG)
                .where(EVENT_LOG.POSITION.gt(position))
                .orderBy(EVENT_LOG.POSITION)
                .limit(limit)
                .fetch(EventRows::tracked);
    }

    private static long positionOf(TrackingToken token) {
        TrackingToken unwrapped = WrappedToken.unwrapLowerBound(token);
        if (unwrapped == null) {
            return 0;
        }
        if (unwrapped instanceof GlobalSequenceTrackingToken position) {
            return position.getGlobalIndex();
        }
        throw new IllegalArgumentException("The event log tracks positions with a GlobalSequenceTrackingToken, not "
                + unwrapped.getClass().getName());
    }

    /** The sequencer runs when the appending transaction has committed: only then are the rows visible to it. */
    private void signalSequencerAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sequencer.signal();
                }
            });
        } else if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> sequencer.signal());
        } else {
            sequencer.signal();
        }
    }

    /**
     * Builds a {@link JooqEventStorageEngine}. The {@link DSLContext} must join the transactions of the
     * {@link PlatformTransactionManager} (as Spring Boot's does), and both serializers are required.
     */
    public static class Builder extends BatchingEventStorageEngine.Builder {

        private DSLContext dsl;
        private PlatformTransactionManager transactionManager;
        private int sequencerBatchSize = 1000;
        private Duration pollInterval = Duration.ofMillis(100);
        private Duration idlePollLimit = Duration.ofSeconds(2);
        private boolean sequencerPolls = true;
        private Duration tailIdleLimit = Duration.ofSeconds(1);
        private Duration passInterval = Duration.ofMillis(10);
        private int maxGroupSize;
        private int maxGroupEvents = 10_000;
        private long maxGroupBytes = 64L << 20;
        private long maxStatementBytes = 4L << 20;
        private Duration groupCommitWaitLimit = Duration.ofSeconds(10);
        private boolean eventSerializerSet;
        private boolean snapshotSerializerSet;

        public Builder dsl(DSLContext dsl) {
            this.dsl = dsl;
            // a duplicate (run_id, sequence_number) is a lost race: Axon answers it with a ConcurrencyException
            persistenceExceptionResolver(DatabaseFailures::isDuplicateKey);
            return this;
        }

        public Builder transactionManager(PlatformTransactionManager transactionManager) {
            this.transactionManager = transactionManager;
            return this;
        }

        /** The most events one sequencing transaction numbers (default 1,000). */
        public Builder sequencerBatchSize(int sequencerBatchSize) {
            this.sequencerBatchSize = sequencerBatchSize;
            return this;
        }

        /**
         * How often a tailing reader looks for positions other processes assigned (default 100 ms), and how soon after
         * a pass the sequencer looks for unsequenced events it was not told about (it backs off while it finds none:
         * {@link #sequencerIdlePollLimit}). Local commits are sequenced and announced at once.
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        /**
         * The longest the sequencer waits between two looks for unsequenced events it was not told about (default
         * 2 s): each look that finds none doubles the wait from {@link #pollInterval} up to this; a local commit or a
         * look that finds some starts again from {@link #pollInterval}. On PostgreSQL a look can cost tens of
         * milliseconds after a bulk load until VACUUM ({@link EventSequencer}).
         */
        public Builder sequencerIdlePollLimit(Duration idlePollLimit) {
            this.idlePollLimit = idlePollLimit;
            return this;
        }

        /**
         * Whether the sequencer looks for unsequenced events it was not told about (default true): events committed by
         * an engine whose sequencer stopped before numbering them (a crashed process). Off in a process that never
         * appends: every appending process's sequencer, and every group commit, numbers them instead. Its own
         * appends are numbered either way.
         */
        public Builder sequencerPolls(boolean sequencerPolls) {
            this.sequencerPolls = sequencerPolls;
            return this;
        }

        /**
         * The shortest time between two sequencing passes (default 10 ms): commits that arrive meanwhile are numbered
         * together in the next pass, one short transaction for many events.
         */
        public Builder sequencerPassInterval(Duration passInterval) {
            this.passInterval = passInterval;
            return this;
        }

        /**
         * Group commit (off by default): the events of commands that are not in a database transaction of their own
         * are written by one thread per process, up to {@code maxGroupSize} commands per transaction (and the bounds
         * of {@link #groupCommitBounds}), positions assigned at insert ({@link GroupCommitter}). Appends inside a
         * transaction are written in it, as always.
         */
        public Builder groupCommit(int maxGroupSize) {
            this.maxGroupSize = maxGroupSize;
            return this;
        }

        /**
         * Bounds a group-commit transaction besides its commands: at most {@code maxEvents} events (default 10,000)
         * and about {@code maxBytes} bytes of event rows (default 64 MiB, estimated from their text); one command's
         * events are never split, so a command larger than either goes alone.
         */
        public Builder groupCommitBounds(int maxEvents, long maxBytes) {
            this.maxGroupEvents = maxEvents;
            this.maxGroupBytes = maxBytes;
            return this;
        }

        /**
         * The most bytes of event rows one insert statement of a group carries (default 4 MiB; on MySQL at most a
         * quarter of the server's {@code max_allowed_packet}); a group's rows are inserted in as many statements as
         * that and PostgreSQL's limit of bind values take.
         */
        public Builder groupCommitStatementBytes(long maxStatementBytes) {
            this.maxStatementBytes = maxStatementBytes;
            return this;
        }

        /**
         * How long an append waits for its group to commit (default 10 s) before it is answered with
         * {@link EventStoreUnavailableException}.
         */
        public Builder groupCommitWaitLimit(Duration waitLimit) {
            this.groupCommitWaitLimit = waitLimit;
            return this;
        }

        /** How long a blocking stream waits without a new event before it ends (default 1 s). */
        public Builder tailIdleLimit(Duration tailIdleLimit) {
            this.tailIdleLimit = tailIdleLimit;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            eventSerializerSet = true;
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            snapshotSerializerSet = true;
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder snapshotFilter(Predicate<? super DomainEventData<?>> snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        public JooqEventStorageEngine build() {
            validate();
            return new JooqEventStorageEngine(this);
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            super.validate();
            if (dsl == null || transactionManager == null) {
                throw new AxonConfigurationException("A DSLContext and a PlatformTransactionManager are required");
            }
            if (!eventSerializerSet || !snapshotSerializerSet) {
                throw new AxonConfigurationException("The event and snapshot serializers are required (JSON, not the "
                        + "XStream default)");
            }
            if (sequencerBatchSize < 1 || pollInterval.isNegative() || pollInterval.isZero()
                    || idlePollLimit.isNegative() || idlePollLimit.isZero()
                    || groupCommitWaitLimit.isNegative() || groupCommitWaitLimit.isZero() || maxGroupEvents < 1
                    || maxGroupBytes < 1 || maxStatementBytes < 1) {
                throw new AxonConfigurationException("sequencerBatchSize, pollInterval, sequencerIdlePollLimit, "
                        + "groupCommitWaitLimit and the group-commit bounds must be positive");
            }
        }
    }
}
