package io.runstore.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/** Upgrades {@link TestEvents.Renamed} from revision 1 ({@code name}) to revision 2 ({@code title}). */
final class RenamedUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType(TestEvents.Renamed.class.getName(), "1");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(TestEvents.Renamed.class.getName(), "2"),
                JsonNode.class, payload -> {
                    ObjectNode upgraded = ((ObjectNode) payload).deepCopy();
                    upgraded.set("title", upgraded.remove("name"));
                    return upgraded;
                });
    }
}
