package io.runstore.query.listing;

/**
 * Where a page ended: the sort value of its last row and that row's id. The value is a String, epoch micros (Long) or
 * a metric value (Double); {@code null} with a metric sort means the row had no such metric (those rows come last).
 */
public record Position(Object value, String id) {
}
