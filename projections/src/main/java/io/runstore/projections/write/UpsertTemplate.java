package io.runstore.projections.write;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateStep;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;

/**
 * A table's upsert as jOOQ renders it for one row (dialect, the replay's mapped table names, the stale-row guard,
 * casts such as PostgreSQL's for doubles), with its row of bind markers repeated for as many rows as a statement carries, bound with plain JDBC. Rendering
 * and binding a multi-row statement through jOOQ cost the replay's lanes most of their time (the query model of a
 * thousand-row insert is built, rendered and bound value by value for every statement); this renders once per table.
 *
 * <p>On conflict: a table with a version column takes the row only when its version is higher than the stored one
 * (version assigned last, so that MySQL's per-column emulation of the WHERE compares with the stored version);
 * mlmd_object keeps the stored row; any other table takes the new values.
 */
final class UpsertTemplate {

    private static final String VERSION = "version";
    private static final Map<String, UpsertTemplate> RENDERED = new ConcurrentHashMap<>();

    private final String head;
    private final String row;
    private final String tail;
    private final int[] sqlTypes;

    private UpsertTemplate(String head, String row, String tail, int[] sqlTypes) {
        this.head = head;
        this.row = row;
        this.tail = tail;
        this.sqlTypes = sqlTypes;
    }

    /** The template of {@code table} as {@code dsl} renders it (its dialect and table-name mapping). */
    static <R extends TableRecord<R>> UpsertTemplate of(DSLContext dsl, Table<R> table) {
        String key = dsl.dialect() + " " + dsl.render(table);
        return RENDERED.computeIfAbsent(key, ignored -> render(dsl, table));
    }

    /** Writes the rows (at most what one statement may bind) in the transaction {@code dsl} joins. */
    void execute(DSLContext dsl, List<? extends Record> rows) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder(head.length() + tail.length() + rows.size() * (row.length() + 2))
                .append(head);
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        sql.append(tail);
        dsl.connection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int index = 1;
                for (Record record : rows) {
                    for (int column = 0; column < sqlTypes.length; column++) {
                        bind(statement, index++, record.get(column), sqlTypes[column]);
                    }
                }
                statement.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement statement, int index, Object value, int sqlType) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof Double number) {
            statement.setDouble(index, number);
        } else {
            statement.setObject(index, value, sqlType);
        }
    }

    private static <R extends TableRecord<R>> UpsertTemplate render(DSLContext dsl, Table<R> table) {
        Settings settings = dsl.settings() == null ? new Settings() : (Settings) dsl.settings().clone();
        DSLContext oneLine = DSL.using(dsl.configuration().derive(settings.withRenderFormatted(false)));
        Field<?>[] fields = table.fields();
        InsertOnDuplicateStep<R> insert = oneLine.insertInto(table).columns(fields)
                .values(Collections.nCopies(fields.length, null));
        String sql = oneLine.render(guarded(insert, table));
        int start = sql.toLowerCase(Locale.ROOT).indexOf(" values (") + " values ".length();
        int end = closingParenthesis(sql, start);
        String row = sql.substring(start, end + 1);
        if (start < " values ".length() || row.chars().filter(c -> c == '?').count() != fields.length) {
            throw new IllegalStateException("no row of " + fields.length + " bind markers in the upsert of " + table
                    + ": " + sql);
        }
        int[] sqlTypes = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            sqlTypes[i] = nullType(fields[i].getDataType().getSQLType());
        }
        return new UpsertTemplate(sql.substring(0, start), row, sql.substring(end + 1), sqlTypes);
    }

    /** The index of the parenthesis that closes the one at {@code open} (a row: markers, casts, no literals). */
    private static int closingParenthesis(String sql, int open) {
        int depth = 0;
        for (int i = Math.max(open, 0); i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return sql.length() - 1;
    }

    /** The type a null is bound as: PostgreSQL's driver takes a CLOB null for an oid, which a text column refuses. */
    private static int nullType(int sqlType) {
        return sqlType == Types.CLOB || sqlType == Types.NCLOB || sqlType == Types.LONGVARCHAR ? Types.VARCHAR
                : sqlType;
    }

    private static <R extends TableRecord<R>> Query guarded(InsertOnDuplicateStep<R> insert, Table<R> table) {
        if (table.equals(MLMD_OBJECT)) {
            return insert.onConflictDoNothing();
        }
        Set<Field<?>> key = Set.copyOf(table.getPrimaryKey().getFields());
        Field<?> version = table.field(VERSION);
        Map<Field<?>, Field<?>> update = new LinkedHashMap<>();
        for (Field<?> field : table.fields()) {
            if (!key.contains(field) && field != version) {
                update.put(field, DSL.excluded(field));
            }
        }
        if (version == null) {
            return insert.onDuplicateKeyUpdate().set(update);
        }
        update.put(version, DSL.excluded(version));
        @SuppressWarnings("unchecked")
        Field<Long> versionField = (Field<Long>) version;
        return insert.onConflict(table.getPrimaryKey().getFields()).doUpdate().set(update)
                .where(versionField.lt(DSL.excluded(versionField)));
    }
}
