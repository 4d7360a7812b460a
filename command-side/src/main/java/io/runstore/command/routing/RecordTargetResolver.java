package io.runstore.command.routing;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds the aggregate a command targets as Axon's {@link AnnotationCommandTargetResolver} does, looking the
 * {@code @TargetAggregateIdentifier} record component up once per command class instead of on every command: Axon's
 * resolver walks the class's methods and fields and their annotations each time (2 % of the request threads' CPU in
 * the ingest profile, docs/benchmarks/ingest.md). A command that is not a record with such a component, that carries a
 * {@code @TargetAggregateVersion}, or whose identifier is null is left to Axon's resolver, which answers or refuses it
 * as before.
 */
public final class RecordTargetResolver implements CommandTargetResolver {

    private static final CommandTargetResolver ANNOTATED = AnnotationCommandTargetResolver.builder().build();

    private final ClassValue<Optional<MethodHandle>> identifiers = new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> type) {
            return identifierOf(type);
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Object payload = command.getPayload();
        Optional<MethodHandle> identifier = payload == null ? Optional.empty() : identifiers.get(payload.getClass());
        if (identifier.isPresent()) {
            Object value;
            try {
                value = identifier.get().invoke(payload);
            } catch (Throwable e) {
                throw new IllegalStateException("the target of " + payload.getClass().getName()
                        + " could not be read", e);
            }
            if (value != null) {
                return new VersionedAggregateIdentifier(value, null);
            }
        }
        return ANNOTATED.resolveTarget(command);
    }

    /** The accessor of the record's one {@code @TargetAggregateIdentifier} component, if that is all it carries. */
    private static Optional<MethodHandle> identifierOf(Class<?> type) {
        if (!type.isRecord() || annotated(type, TargetAggregateVersion.class)) {
            return Optional.empty();
        }
        RecordComponent[] targets = Arrays.stream(type.getRecordComponents())
                .filter(component -> component.getAccessor().isAnnotationPresent(TargetAggregateIdentifier.class)
                        || fieldOf(type, component).isAnnotationPresent(TargetAggregateIdentifier.class))
                .toArray(RecordComponent[]::new);
        if (targets.length != 1 || annotatedElsewhere(type, targets[0])) {
            return Optional.empty();
        }
        try {
            return Optional.of(MethodHandles.publicLookup().unreflect(targets[0].getAccessor()));
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }

    /** Whether any other field or method of the type carries the identifier annotation (Axon would weigh it too). */
    private static boolean annotatedElsewhere(Class<?> type, RecordComponent target) {
        return Arrays.stream(type.getDeclaredFields()).anyMatch(field -> !field.getName().equals(target.getName())
                && field.isAnnotationPresent(TargetAggregateIdentifier.class))
                || Arrays.stream(type.getDeclaredMethods()).anyMatch(method -> !method.equals(target.getAccessor())
                && method.isAnnotationPresent(TargetAggregateIdentifier.class));
    }

    private static boolean annotated(Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation) {
        return Arrays.stream(type.getDeclaredFields()).anyMatch(field -> field.isAnnotationPresent(annotation))
                || Arrays.stream(type.getDeclaredMethods()).anyMatch(method -> method.isAnnotationPresent(annotation));
    }

    private static Field fieldOf(Class<?> type, RecordComponent component) {
        try {
            return type.getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("a record has a field per component", e);
        }
    }
}
