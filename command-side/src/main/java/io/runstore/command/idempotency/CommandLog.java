package io.runstore.command.idempotency;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import io.runstore.eventstore.AppendTransaction;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.dao.DuplicateKeyException;

import java.time.Clock;
import java.util.Optional;

import static io.runstore.command.schema.Tables.COMMAND_LOG;

/**
 * The {@code command_log} table: the result of every keyed command, written through the Spring-managed DSLContext so
 * it commits or rolls back with the command's events.
 */
class CommandLog {

    private final DSLContext dsl;
    private final Serializer serializer;
    private final Clock clock;

    CommandLog(DSLContext dsl, Serializer serializer, Clock clock) {
        this.dsl = dsl;
        this.serializer = serializer;
        this.clock = clock;
    }

    Optional<Recorded> find(String commandId) {
        return dsl.select(COMMAND_LOG.REQUEST_FINGERPRINT, COMMAND_LOG.RESULT_TYPE, COMMAND_LOG.RESULT)
                .from(COMMAND_LOG)
                .where(COMMAND_LOG.COMMAND_ID.eq(commandId))
                .fetchOptional(row -> new Recorded(row.value1(), serializer.deserialize(
                        new SimpleSerializedObject<>(row.value3(), String.class, row.value2(), null))));
    }

    /**
     * Records the result with the command's events ({@link AppendTransaction#insert}: in a group commit one statement
     * for the group's rows). A concurrent attempt that recorded the same id first makes the command fail with
     * {@link CommandRaceLost}.
     */
    void record(String commandId, String fingerprint, Object result) {
        SerializedObject<String> serialized = serializer.serialize(result, String.class);
        Record row = dsl.newRecord(COMMAND_LOG.COMMAND_ID, COMMAND_LOG.REQUEST_FINGERPRINT, COMMAND_LOG.RESULT_TYPE,
                        COMMAND_LOG.RESULT, COMMAND_LOG.RECORDED_AT)
                .values(commandId, fingerprint, serialized.getType().getName(), serialized.getData(), clock.millis());
        AppendTransaction.insert(dsl, COMMAND_LOG, row, failure -> failure instanceof DuplicateKeyException
                ? new CommandRaceLost(commandId, failure) : failure);
    }

    /** A command handled before: the fingerprint of its request and its result. */
    record Recorded(String fingerprint, Object result) {
    }
}
