package io.runstore.bench.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The values of a bar chart ({@link Charts#bars}): per series, in the order first put, a value per category. */
public final class BarValues {

    private final Map<String, Map<String, Double>> values = new LinkedHashMap<>();

    public BarValues put(String series, String category, double value) {
        values.computeIfAbsent(series, key -> new LinkedHashMap<>()).put(category, value);
        return this;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Map<String, Map<String, Double>> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
