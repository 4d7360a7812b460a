package io.runstore.query.listing;

import java.util.List;

/**
 * One parsed, type-checked predicate. {@code values} holds Strings for a STRING column and epoch micros (Long) for a
 * TIMESTAMP column; it has one element except for IN.
 */
public record Predicate(Column column, Operation operation, List<Object> values) {

    public Object value() {
        return values.get(0);
    }
}
