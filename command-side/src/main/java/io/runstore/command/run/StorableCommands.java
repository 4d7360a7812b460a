package io.runstore.command.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.runstore.api.StorableValues;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The last check before a command reaches the aggregate, whichever way it came (HTTP, gRPC, a workflow report): every
 * text, JSON value and time anywhere in it must be one the databases and the read tables can hold
 * ({@link StorableValues}), and every id of a run, task or experiment in the id alphabet, so that no event exists
 * that the projector would have to park and no id stands for another under a collation. The entry points check
 * their own fields first with the API's names; this walk of the command's records catches what they do not, named
 * by the command's fields in snake_case ({@code task.create_time}).
 */
final class StorableCommands {

    /** Fields that hold the id of a run, task or experiment: in the id alphabet when set. */
    private static final Set<String> IDS = Set.of("runId", "taskId", "experimentId");
    /** The API's own field names. */
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private StorableCommands() {
    }

    /** Refuses the command (400) at the first value that cannot be stored. */
    static void check(Object command) {
        String problem = problem(command, "");
        if (problem != null) {
            throw CommandRejectedException.invalidArgument(problem);
        }
    }

    private static String problem(Object value, String at) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof Enum<?>) {
            return null;
        }
        if (value instanceof String text) {
            return named(at, StorableValues.textProblem(text));
        }
        if (value instanceof Instant time) {
            return named(at, StorableValues.timeProblem(time));
        }
        if (value instanceof JsonNode json) {
            return StorableValues.jsonProblem(json, at);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String keyProblem = StorableValues.textProblem(key);
                if (keyProblem != null) {
                    return named(at, "a key " + keyProblem);
                }
                String problem = problem(entry.getValue(), at + "[" + key + "]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection) {
                String problem = problem(element, at + "[" + i++ + "]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                String name = SNAKE_CASE.translate(component.getName());
                Object field = read(component, value);
                String path = at.isEmpty() ? name : at + "." + name;
                if (IDS.contains(component.getName()) && field instanceof String id && !id.isEmpty()) {
                    String idProblem = StorableValues.idProblem(id);
                    if (idProblem != null) {
                        return path + ": " + idProblem;
                    }
                }
                String problem = problem(field, path);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        throw new IllegalStateException("a command holds a " + value.getClass().getName() + " at '" + at
                + "', which StorableCommands does not know how to check");
    }

    private static Object read(RecordComponent component, Object record) {
        Method accessor = component.getAccessor();
        try {
            if (!accessor.canAccess(record)) {
                accessor.setAccessible(true);
            }
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component + " of a command", e);
        }
    }

    private static String named(String at, String problem) {
        return problem == null ? null : (at.isEmpty() ? "" : at + ": ") + problem;
    }
}
