package io.runstore.projections.status;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where an Axon processor's segments stand, read from its rows in {@code token_entry} without claiming them (Axon's
 * token store only reads a token by claiming its segment, which would take it from the server that owns it).
 */
public final class ProcessorPositions {

    private static final Table<?> TOKEN_ENTRY = DSL.table(DSL.name("token_entry"));
    private static final Field<String> PROCESSOR_NAME = DSL.field(DSL.name("processor_name"), SQLDataType.VARCHAR);
    private static final Field<Integer> SEGMENT = DSL.field(DSL.name("segment"), SQLDataType.INTEGER);
    private static final Field<byte[]> TOKEN = DSL.field(DSL.name("token"), SQLDataType.BLOB);
    private static final Field<String> TOKEN_TYPE = DSL.field(DSL.name("token_type"), SQLDataType.VARCHAR);

    private ProcessorPositions() {
    }

    /**
     * The position of each segment of the processor (0 for a segment that has processed nothing yet); empty when the
     * processor has never run on this database.
     *
     * @param serializer the serializer the processor's tokens are written with
     */
    public static Map<Integer, Long> of(DSLContext dsl, Serializer serializer, String processorName) {
        Map<Integer, Long> positions = new TreeMap<>();
        dsl.select(SEGMENT, TOKEN, TOKEN_TYPE).from(TOKEN_ENTRY).where(PROCESSOR_NAME.eq(processorName))
                .forEach(row -> positions.put(row.value1(), position(serializer, row.value2(), row.value3())));
        return positions;
    }

    /** The lowest position of the processor's segments: every event up to it is processed; -1 if it never ran. */
    public static long lowest(Map<Integer, Long> positions) {
        return positions.values().stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    private static long position(Serializer serializer, byte[] token, String tokenType) {
        if (token == null || tokenType == null) {
            return 0;
        }
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, tokenType,
                null));
        return tracking == null ? 0 : tracking.position().orElse(0);
    }
}
