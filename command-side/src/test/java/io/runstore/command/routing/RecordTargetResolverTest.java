package io.runstore.command.routing;

import io.runstore.command.experiment.ChangeExperiment;
import io.runstore.command.experiment.CreateExperiment;
import io.runstore.command.run.ArchiveRun;
import io.runstore.command.run.CreateTask;
import io.runstore.command.run.DeleteRun;
import io.runstore.command.run.ReportMetrics;
import io.runstore.command.run.ReportRunState;
import io.runstore.command.run.ReportWorkflow;
import io.runstore.command.run.RetryRun;
import io.runstore.command.run.TerminateRun;
import io.runstore.command.run.UnarchiveRun;
import io.runstore.command.run.UpdateTask;
import io.runstore.command.run.UpdateTasks;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.spring.stereotype.Aggregate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordTargetResolverTest {

    private final CommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();
    private final RecordTargetResolver resolver = new RecordTargetResolver();

    @ParameterizedTest
    @ValueSource(classes = {ArchiveRun.class, CreateTask.class, DeleteRun.class, ReportMetrics.class,
            ReportRunState.class, ReportWorkflow.class, RetryRun.class, TerminateRun.class, UnarchiveRun.class,
            UpdateTask.class, UpdateTasks.class, CreateExperiment.class, ChangeExperiment.class})
    void everyCommandTargetsWhatAxonsResolverFinds(Class<?> command) throws Exception {
        Object payload = instance(command, "target-7");

        for (int i = 0; i < 2; i++) { // the second time from what the first looked up
            assertThat(resolver.resolveTarget(GenericCommandMessage.asCommandMessage(payload)))
                    .isEqualTo(axon.resolveTarget(GenericCommandMessage.asCommandMessage(payload)))
                    .satisfies(target -> assertThat(target.getIdentifier()).isEqualTo("target-7"));
        }
    }

    @Test
    void aVersionedCommandIsLeftToAxon() {
        Versioned command = new Versioned("run-1", 4L);

        assertThat(resolver.resolveTarget(GenericCommandMessage.asCommandMessage(command)).getVersion())
                .isEqualTo(4L);
    }

    @Test
    void aCommandWithoutItsTargetIsRefusedAsAxonRefusesIt() {
        ArchiveRun command = new ArchiveRun(null, null);

        assertThatThrownBy(() -> resolver.resolveTarget(GenericCommandMessage.asCommandMessage(command)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(catchMessage(() -> axon.resolveTarget(GenericCommandMessage.asCommandMessage(command))));
    }

    @Test
    void aCommandThatIsNoRecordIsLeftToAxon() {
        assertThat(resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new Plain("run-2"))).getIdentifier())
                .isEqualTo("run-2");
    }

    @Test
    void theAggregatesUseIt() throws Exception {
        for (String aggregate : new String[]{"io.runstore.command.run.Run", "io.runstore.command.experiment.Experiment"}) {
            assertThat(Class.forName(aggregate).getAnnotation(Aggregate.class).commandTargetResolver())
                    .isEqualTo("commandTargetResolver");
        }
    }

    /** The record with {@code id} in its target component and every other component empty. */
    private static Object instance(Class<?> type, String id) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> componentType = components[i].getType();
            if (components[i].getAccessor().isAnnotationPresent(TargetAggregateIdentifier.class)
                    || type.getDeclaredField(components[i].getName()).isAnnotationPresent(TargetAggregateIdentifier.class)) {
                values[i] = id;
            } else if (componentType == boolean.class) {
                values[i] = false;
            } else if (componentType.isPrimitive()) {
                values[i] = 0;
            }
        }
        return type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType)
                .toArray(Class<?>[]::new)).newInstance(values);
    }

    private static String catchMessage(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("Axon's resolver accepted the command");
    }

    public record Versioned(@TargetAggregateIdentifier String runId, @TargetAggregateVersion Long version) {
    }

    public static final class Plain {

        @TargetAggregateIdentifier
        private final String runId;

        Plain(String runId) {
            this.runId = runId;
        }
    }
}
