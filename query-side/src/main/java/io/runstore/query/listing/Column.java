package io.runstore.query.listing;

import org.jooq.Field;

/** A filter and sort key of a list API, the read-table column behind it and how its values compare. */
public record Column(String key, Field<?> field, ValueType type) {

    @SuppressWarnings("unchecked")
    public Field<String> text() {
        return (Field<String>) field;
    }

    @SuppressWarnings("unchecked")
    public Field<Long> micros() {
        return (Field<Long>) field;
    }
}
