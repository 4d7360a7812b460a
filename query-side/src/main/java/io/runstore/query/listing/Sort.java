package io.runstore.query.listing;

import io.runstore.query.web.QueryException;

import java.util.Locale;

/**
 * A parsed {@code sort_by} / {@code order_by}: {@code "key"}, {@code "key asc"} or {@code "key desc"}, or for runs
 * {@code "metric:<name>"} with the same suffixes. The id column is always the tie-breaker in the same direction.
 *
 * @param column    the sorted column, null when sorting by a metric
 * @param metric    the metric name for {@code metric:<name>}, else null
 * @param canonical the sort as page tokens carry and compare it ({@code "created_at desc"})
 */
public record Sort(Column column, String metric, boolean descending, String canonical) {

    private static final String METRIC_PREFIX = "metric:";

    public static Sort parse(String text, Columns columns, String defaultKey, boolean metricsAllowed, String parameter) {
        if (text == null || text.isBlank()) {
            Column column = columns.get(defaultKey);
            return new Sort(column, null, false, column.key() + " asc");
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length > 2) {
            throw QueryException.invalid(parameter + ": expected \"key\", \"key asc\" or \"key desc\", got '" + text + "'");
        }
        boolean descending = false;
        if (parts.length == 2) {
            String direction = parts[1].toLowerCase();
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw QueryException.invalid(parameter + ": unknown direction '" + parts[1] + "', expected asc or desc");
            }
            descending = direction.equals("desc");
        }
        String suffix = descending ? " desc" : " asc";
        String given = parts[0];
        if (metricsAllowed && given.regionMatches(true, 0, METRIC_PREFIX, 0, METRIC_PREFIX.length())) {
            String metric = given.substring(METRIC_PREFIX.length());
            if (!metric.matches("[a-zA-Z]([-_a-zA-Z0-9]{0,62}[a-zA-Z0-9])?")) {
                throw QueryException.invalid(parameter + ": '" + metric + "' is not a valid metric name");
            }
            return new Sort(null, metric, descending, METRIC_PREFIX + metric + suffix);
        }
        // KFP lower-cases the sort key ("Created_At desc" sorts by created_at); metric names keep their case
        String key = given.toLowerCase(Locale.ROOT);
        Column column = columns.find(key).orElseThrow(() -> QueryException.invalid(parameter + ": unknown key '"
                + key + "'; valid keys: " + columns.keys() + (metricsAllowed ? ", metric:<name>" : "")));
        return new Sort(column, null, descending, column.key() + suffix);
    }

    public boolean byMetric() {
        return metric != null;
    }
}
