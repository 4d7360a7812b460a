package io.runstore.query.listing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The filter and sort keys of one list API; legacy aliases (KFP v1's {@code name}) map onto the same column. */
public final class Columns {

    private final Map<String, Column> byKey = new LinkedHashMap<>();
    private final Map<String, String> aliases = new LinkedHashMap<>();

    public Columns add(Column column) {
        byKey.put(column.key(), column);
        return this;
    }

    public Columns alias(String alias, String key) {
        aliases.put(alias, key);
        return this;
    }

    public Optional<Column> find(String key) {
        return Optional.ofNullable(byKey.get(aliases.getOrDefault(key, key)));
    }

    public Column get(String key) {
        return find(key).orElseThrow();
    }

    public String keys() {
        return String.join(", ", byKey.keySet());
    }
}
