package io.runstore.database;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The MySQL Connector/J properties runstore connects with unless the URL or the pool's data-source properties set
 * them. Without them the driver asks the server what it could know itself: Spring's transactions read the isolation
 * level before setting READ COMMITTED (the group commit's and the projector's transactions, a round trip each time),
 * a pooled connection's rollback is sent even when no transaction is open, every new connection reads the server's
 * variables again, and every statement's text is parsed anew for its placeholders. Left out on purpose:
 * {@code cacheResultSetMetadata} (a rebuild swaps tables under the running server) and {@code useServerPrepStmts}
 * (a server-side statement per connection and text, against MariaDB's {@code max_prepared_stmt_count}).
 */
public final class MysqlDriverDefaults {

    private static final Map<String, String> DEFAULTS = defaults();

    private MysqlDriverDefaults() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        // the group commit's inserts and the projector's upserts as multi-row statements
        defaults.put("rewriteBatchedStatements", "true");
        // autocommit, isolation and read-only kept by the driver, so reading them costs no round trip
        defaults.put("useLocalSessionState", "true");
        // commit and rollback sent only inside an open transaction (the server says so in every answer)
        defaults.put("useLocalTransactionState", "true");
        defaults.put("cacheServerConfiguration", "true");
        defaults.put("cachePrepStmts", "true");
        defaults.put("prepStmtCacheSize", "250");
        defaults.put("prepStmtCacheSqlLimit", "4096");
        return Collections.unmodifiableMap(defaults);
    }

    /** Whether {@code jdbcUrl} is one these properties are for (MySQL's driver, on MySQL or MariaDB). */
    public static boolean appliesTo(String jdbcUrl) {
        return jdbcUrl != null && jdbcUrl.regionMatches(true, 0, "jdbc:mysql:", 0, "jdbc:mysql:".length());
    }

    /** The defaults that neither {@code jdbcUrl}'s query nor {@code given} sets (names compared ignoring case). */
    public static Map<String, String> missingFrom(String jdbcUrl, Properties given) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        given.stringPropertyNames().forEach(set::add);
        set.addAll(urlPropertyNames(jdbcUrl));
        Map<String, String> missing = new LinkedHashMap<>();
        DEFAULTS.forEach((name, value) -> {
            if (!set.contains(name)) {
                missing.put(name, value);
            }
        });
        return missing;
    }

    /** {@code jdbcUrl} with the defaults it does not set appended to its query. */
    public static String withDefaults(String jdbcUrl) {
        StringBuilder url = new StringBuilder(jdbcUrl);
        char separator = jdbcUrl.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, String> property : missingFrom(jdbcUrl, new Properties()).entrySet()) {
            url.append(separator).append(property.getKey()).append('=').append(property.getValue());
            separator = '&';
        }
        return url.toString();
    }

    private static Set<String> urlPropertyNames(String jdbcUrl) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return names;
        }
        for (String pair : jdbcUrl.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            String name = (equals < 0 ? pair : pair.substring(0, equals)).trim();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
