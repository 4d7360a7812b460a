package io.runstore.bench.report;

import io.runstore.testsupport.DatabaseKind;

import java.util.Arrays;
import java.util.List;

/** The databases a benchmark's {@code --databases=postgresql,mysql} names. */
public final class DatabaseKinds {

    private DatabaseKinds() {
    }

    /** {@code postgres...} is PostgreSQL, anything else MySQL/MariaDB. */
    public static List<DatabaseKind> parse(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(name -> name.trim().startsWith("postgres") ? DatabaseKind.POSTGRESQL : DatabaseKind.MYSQL).toList();
    }
}
