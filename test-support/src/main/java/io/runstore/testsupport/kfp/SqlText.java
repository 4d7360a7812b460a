package io.runstore.testsupport.kfp;

import java.util.ArrayList;
import java.util.List;

/** A statement being written: its text and its bind values, kept in the order of their placeholders. */
final class SqlText {

    private final StringBuilder text = new StringBuilder(4096);
    private final List<Object> binds = new ArrayList<>();

    SqlText sql(String fragment) {
        text.append(fragment);
        return this;
    }

    SqlText bind(Object value) {
        text.append('?');
        binds.add(value);
        return this;
    }

    BoundSql build() {
        return new BoundSql(text.toString(), List.copyOf(binds));
    }
}
