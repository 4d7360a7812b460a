package io.runstore.query.listing;

/**
 * How a filter or sort key's values are compared: as text, as text whatever its case (a name: its column holds the
 * name case-folded, {@link io.runstore.readtables.NameKey}, and filter values are folded the same way), or as
 * instants (epoch micros in the read tables).
 */
public enum ValueType {
    STRING,
    STRING_IGNORING_CASE,
    TIMESTAMP
}
