package io.runstore.server;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A minimal aggregate that exercises the server's event store wiring (commands, metadata, transactions). */
@Aggregate
class WiringProbe {

    @AggregateIdentifier
    private String probeId;

    WiringProbe() {
    }

    @CommandHandler
    WiringProbe(OpenProbe command) {
        apply(new ProbeOpened(command.probeId(), command.label()));
    }

    @EventSourcingHandler
    void on(ProbeOpened event) {
        probeId = event.probeId();
    }

    record OpenProbe(@TargetAggregateIdentifier String probeId, String label) {
    }

    /** Revision 2 renamed {@code name} to {@code label}. */
    @Revision("2")
    record ProbeOpened(String probeId, String label) {
    }
}
