package io.runstore.query.listing;

/** How a filter or sort key's values are compared: as text, or as instants (epoch micros in the read tables). */
public enum ValueType {
    STRING,
    TIMESTAMP
}
