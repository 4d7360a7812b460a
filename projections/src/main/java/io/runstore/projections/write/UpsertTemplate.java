package io.runstore.projections.write;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateStep;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.lang.reflect.Array;
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
 * casts such as PostgreSQL's for doubles), made into a statement for many rows and bound with plain JDBC. Rendering
 * and binding a multi-row statement through jOOQ cost the replay's lanes most of their time (the query model of a
 * thousand-row insert is built, rendered and bound value by value for every statement); this renders once per table.
 *
 * <p>How the rows go, chosen here by dialect: on MySQL/MariaDB the row of bind markers is repeated for as many rows
 * as a statement carries ({@link RowValues}); on PostgreSQL the rows go as one array per column into one statement
 * whose text never changes, {@code INSERT ... SELECT * FROM unnest(?, ?, ...) ON CONFLICT ...} ({@link ColumnArrays}):
 * the driver prepares it once per connection and the server plans it once, where a statement of a thousand rows'
 * markers (some 13,000 bind values) differs with its row count and is parsed and planned anew each time. The same
 * ON CONFLICT clause either way.
 *
 * <p>On conflict: a table with a version column takes the row only when its version is higher than the stored one
 * (version assigned last, so that MySQL's per-column emulation of the WHERE compares with the stored version);
 * mlmd_object keeps the stored row; any other table takes the new values.
 */
abstract sealed class UpsertTemplate permits UpsertTemplate.RowValues, UpsertTemplate.ColumnArrays {

    private static final String VERSION = "version";
    private static final Map<String, UpsertTemplate> RENDERED = new ConcurrentHashMap<>();

    /** The statement up to its first row (or SELECT), and the ON CONFLICT clause after its rows. */
    final String head;
    final String tail;

    private UpsertTemplate(String head, String tail) {
        this.head = head;
        this.tail = tail;
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
        dsl.connection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql(rows.size()))) {
                bind(statement, rows);
                statement.executeUpdate();
            }
        });
    }

    abstract String sql(int rows);

    abstract void bind(PreparedStatement statement, List<? extends Record> rows) throws SQLException;

    /** MySQL/MariaDB: {@code VALUES (?, ...), (?, ...), ...}, a row of markers per row. */
    static final class RowValues extends UpsertTemplate {

        private final String row;
        private final int[] sqlTypes;

        private RowValues(String head, String row, String tail, int[] sqlTypes) {
            super(head, tail);
            this.row = row;
            this.sqlTypes = sqlTypes;
        }

        @Override
        String sql(int rows) {
            StringBuilder sql = new StringBuilder(head.length() + tail.length() + rows * (row.length() + 2))
                    .append(head);
            for (int i = 0; i < rows; i++) {
                sql.append(i == 0 ? "" : ", ").append(row);
            }
            return sql.append(tail).toString();
        }

        @Override
        void bind(PreparedStatement statement, List<? extends Record> rows) throws SQLException {
            int index = 1;
            for (Record record : rows) {
                for (int column = 0; column < sqlTypes.length; column++) {
                    bind(statement, index++, record.get(column), sqlTypes[column]);
                }
            }
        }

        private static void bind(PreparedStatement statement, int index, Object value, int sqlType)
                throws SQLException {
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
    }

    /**
     * PostgreSQL: {@code SELECT * FROM unnest(CAST(? AS text[]), ...)}, a Java array per column (the driver sends
     * String[], Long[], Integer[] and Double[] in binary, nulls included); text goes into varchar columns by
     * assignment, which refuses a value too long as an insert of the value itself does.
     */
    static final class ColumnArrays extends UpsertTemplate {

        private final Class<?>[] types;

        private ColumnArrays(String head, String tail, Class<?>[] types) {
            super(head, tail);
            this.types = types;
        }

        private static ColumnArrays of(String head, String tail, Field<?>[] fields) {
            StringBuilder select = new StringBuilder(head).append("select * from unnest(");
            Class<?>[] types = new Class<?>[fields.length];
            for (int i = 0; i < fields.length; i++) {
                types[i] = fields[i].getType();
                select.append(i == 0 ? "" : ", ").append("cast(? as ").append(arrayType(fields[i])).append(')');
            }
            return new ColumnArrays(select.append(")").toString(), tail, types);
        }

        private static String arrayType(Field<?> field) {
            Class<?> type = field.getType();
            if (type == String.class) {
                return "text[]";
            } else if (type == Long.class) {
                return "int8[]";
            } else if (type == Integer.class) {
                return "int4[]";
            } else if (type == Double.class) {
                return "float8[]";
            }
            throw new IllegalStateException("no array type for column " + field + " of " + type);
        }

        @Override
        String sql(int rows) {
            return head + tail;
        }

        @Override
        void bind(PreparedStatement statement, List<? extends Record> rows) throws SQLException {
            for (int column = 0; column < types.length; column++) {
                Object[] values = (Object[]) Array.newInstance(types[column], rows.size());
                for (int i = 0; i < values.length; i++) {
                    values[i] = rows.get(i).get(column);
                }
                statement.setObject(column + 1, values);
            }
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
        String tail = sql.substring(end + 1);
        if (dsl.dialect().family() == SQLDialect.POSTGRES) {
            return ColumnArrays.of(sql.substring(0, start - "values ".length()), tail, fields);
        }
        int[] sqlTypes = new int[fields.length];
        for (int i = 0; i < fields.length; i++) {
            sqlTypes[i] = nullType(fields[i].getDataType().getSQLType());
        }
        return new RowValues(sql.substring(0, start), row, tail, sqlTypes);
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
