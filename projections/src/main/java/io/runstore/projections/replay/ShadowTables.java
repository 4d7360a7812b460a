package io.runstore.projections.replay;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.MappedTable;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.runstore.readtables.schema.Tables.EXPERIMENT;
import static io.runstore.readtables.schema.Tables.MLMD_OBJECT;
import static io.runstore.readtables.schema.Tables.PROJECTION_DEAD_LETTER;
import static io.runstore.readtables.schema.Tables.RUN_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_DETAIL;
import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static io.runstore.readtables.schema.Tables.RUN_METRIC;
import static io.runstore.readtables.schema.Tables.RUN_NAMESPACE_COUNTS;
import static io.runstore.readtables.schema.Tables.RUN_TASK;
import static io.runstore.readtables.schema.Tables.RUN_TOMBSTONE;

/**
 * The run-list projection's read tables under another name: {@code run_list__next} and so on for a rebuild's shadow
 * set, {@code run_list__prev} for the set a switch replaced. A shadow set is created from the live tables' own
 * definitions (columns, collations, primary key; the secondary indexes once the bulk of the rows is in, which is
 * faster than maintaining them row by row), written through {@link #mapped} (the projector's own statements with
 * the table names mapped), and swapped with the live set atomically:
 * <ul>
 *   <li>PostgreSQL: every {@code ALTER TABLE ... RENAME} and {@code ALTER INDEX ... RENAME} in the caller's
 *   transaction, so the live tables keep their index and constraint names ({@code pk_run_list}, ...);</li>
 *   <li>MySQL/MariaDB: one {@code RENAME TABLE} statement for all of them (index names belong to their table).</li>
 * </ul>
 * Readers see the old set or the new one, never a part of either.
 */
public final class ShadowTables {

    /** The shadow set a rebuild writes. */
    public static final String NEXT = "__next";
    /** The set a switch replaced, kept until dropped. */
    public static final String PREVIOUS = "__prev";

    /** The tables of the run-list projection, all rebuilt and swapped together. */
    public static final List<Table<?>> TABLES = List.of(RUN_LIST, RUN_DETAIL, RUN_TASK, RUN_METRIC, RUN_COUNTS,
            RUN_NAMESPACE_COUNTS, RUN_TOMBSTONE, MLMD_OBJECT, EXPERIMENT, PROJECTION_DEAD_LETTER);

    private static final Pattern PG_INDEX = Pattern.compile("^(CREATE (?:UNIQUE )?INDEX )(\\S+)( ON )(\\S+)( .*)$",
            Pattern.DOTALL);

    private ShadowTables() {
    }

    /** The same DSL (connection, transactions) with every read table's name suffixed. */
    public static DSLContext mapped(DSLContext dsl, String suffix) {
        MappedSchema schema = new MappedSchema().withInput("");
        for (Table<?> table : TABLES) {
            schema.withTables(new MappedTable().withInput(table.getName()).withOutput(table.getName() + suffix));
        }
        Settings settings = dsl.settings() == null ? new Settings() : (Settings) dsl.settings().clone();
        return DSL.using(dsl.configuration().derive(settings.withRenderMapping(new RenderMapping()
                .withSchemata(schema))));
    }

    /** Whether every table of the set exists. */
    public static boolean exist(DSLContext dsl, String suffix) {
        return TABLES.stream().allMatch(table -> tableExists(dsl, table.getName() + suffix));
    }

    /** Whether any table of the set exists. */
    public static boolean anyExists(DSLContext dsl, String suffix) {
        return TABLES.stream().anyMatch(table -> tableExists(dsl, table.getName() + suffix));
    }

    /** Creates the set, empty, with the live tables' columns and primary keys (no secondary index yet). */
    public static void create(DSLContext dsl, String suffix) {
        drop(dsl, suffix);
        for (Table<?> table : TABLES) {
            String live = table.getName();
            String shadow = live + suffix;
            if (postgres(dsl)) {
                dsl.execute("CREATE TABLE " + shadow + " (LIKE " + live + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
                Record pk = dsl.fetchOne("SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint "
                        + "WHERE conrelid = to_regclass(?) AND contype = 'p'", live);
                if (pk != null) {
                    dsl.execute("ALTER TABLE " + shadow + " ADD CONSTRAINT " + pk.get(0, String.class) + suffix + " "
                            + pk.get(1, String.class));
                }
            } else {
                dsl.execute("CREATE TABLE " + shadow + " LIKE " + live);
                List<String> drops = secondaryIndexes(dsl, live).keySet().stream()
                        .map(name -> "DROP INDEX " + name).toList();
                if (!drops.isEmpty()) {
                    dsl.execute("ALTER TABLE " + shadow + " " + String.join(", ", drops));
                }
            }
        }
    }

    /**
     * Creates the live tables' secondary indexes on the set, those it does not have yet. On MySQL/MariaDB all of a
     * table's missing indexes are added by one {@code ALTER TABLE}, which reads the table once for all of them (one
     * {@code CREATE INDEX} each read run_list's rows 20 times and run_task's twice: 83 of a 554-second rebuild of a
     * million events with a buffer pool smaller than the tables).
     */
    public static void createSecondaryIndexes(DSLContext dsl, String suffix) {
        for (Table<?> table : TABLES) {
            String live = table.getName();
            String shadow = live + suffix;
            Map<String, String> existing = secondaryIndexes(dsl, shadow);
            List<String> adds = new ArrayList<>();
            for (Map.Entry<String, String> index : secondaryIndexes(dsl, live).entrySet()) {
                String name = postgres(dsl) ? index.getKey() + suffix : index.getKey();
                if (existing.containsKey(name)) {
                    continue;
                }
                if (postgres(dsl)) {
                    Matcher def = PG_INDEX.matcher(index.getValue());
                    if (!def.matches()) {
                        throw new IllegalStateException("unexpected index definition: " + index.getValue());
                    }
                    dsl.execute(def.group(1) + name + def.group(3) + shadow + def.group(5));
                } else {
                    adds.add("ADD " + index.getValue().replace("{name}", name).replace(" ON {table}", ""));
                }
            }
            if (!adds.isEmpty()) {
                dsl.execute("ALTER TABLE " + shadow + " " + String.join(", ", adds));
            }
        }
    }

    /**
     * Swaps the set {@code suffix} in for the live tables, which take the suffix {@link #PREVIOUS} (a previous set of
     * that name is dropped first). On PostgreSQL inside the caller's transaction; on MySQL/MariaDB one statement,
     * which commits whatever the connection's transaction holds.
     */
    public static void swap(DSLContext dsl, String suffix) {
        drop(dsl, PREVIOUS);
        if (postgres(dsl)) {
            for (Table<?> table : TABLES) {
                String live = table.getName();
                Map<String, String> liveIndexes = indexNames(dsl, live);
                Map<String, String> shadowIndexes = indexNames(dsl, live + suffix);
                dsl.execute("ALTER TABLE " + live + " RENAME TO " + live + PREVIOUS);
                for (String index : liveIndexes.keySet()) {
                    dsl.execute("ALTER INDEX " + index + " RENAME TO " + index + PREVIOUS);
                }
                dsl.execute("ALTER TABLE " + live + suffix + " RENAME TO " + live);
                for (String index : shadowIndexes.keySet()) {
                    if (index.endsWith(suffix)) {
                        dsl.execute("ALTER INDEX " + index + " RENAME TO "
                                + index.substring(0, index.length() - suffix.length()));
                    }
                }
            }
        } else {
            List<String> renames = new ArrayList<>();
            for (Table<?> table : TABLES) {
                String live = table.getName();
                renames.add(live + " TO " + live + PREVIOUS);
                renames.add(live + suffix + " TO " + live);
            }
            dsl.execute("RENAME TABLE " + String.join(", ", renames));
        }
    }

    /** Drops the set's tables that exist. */
    public static void drop(DSLContext dsl, String suffix) {
        for (Table<?> table : TABLES) {
            dsl.execute("DROP TABLE IF EXISTS " + table.getName() + suffix);
        }
    }

    /** Rows of a table of the set (for checks and progress). */
    public static long rows(DSLContext dsl, Table<?> table, String suffix) {
        return dsl.fetchCount(DSL.table(DSL.name(table.getName() + suffix)));
    }

    private static boolean tableExists(DSLContext dsl, String name) {
        if (postgres(dsl)) {
            return dsl.fetchValue("SELECT to_regclass(?) IS NOT NULL", name).equals(Boolean.TRUE);
        }
        return dsl.fetchValue("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name = ?", name) instanceof Number count && count.longValue() > 0;
    }

    /** Every index of the table, by name, with its definition (PostgreSQL). */
    private static Map<String, String> indexNames(DSLContext dsl, String table) {
        Map<String, String> indexes = new LinkedHashMap<>();
        dsl.fetch("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ? "
                + "ORDER BY indexname", table).forEach(row -> indexes.put(row.get(0, String.class),
                row.get(1, String.class)));
        return indexes;
    }

    /**
     * The table's indexes other than its primary key, by name: on PostgreSQL with their definition as
     * {@code pg_indexes} gives it; on MySQL/MariaDB as {@code [UNIQUE ]INDEX {name} ON {table} (columns)}.
     */
    private static Map<String, String> secondaryIndexes(DSLContext dsl, String table) {
        Map<String, String> indexes = new LinkedHashMap<>();
        if (postgres(dsl)) {
            dsl.fetch("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                    + "AND i.tablename = ? AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = "
                    + "to_regclass(i.tablename) AND c.contype = 'p' AND c.conname = i.indexname) ORDER BY i.indexname",
                    table).forEach(row -> indexes.put(row.get(0, String.class), row.get(1, String.class)));
            return indexes;
        }
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, Boolean> unique = new LinkedHashMap<>();
        dsl.fetch("SELECT index_name, non_unique, column_name, sub_part FROM information_schema.statistics "
                + "WHERE table_schema = DATABASE() AND table_name = ? AND index_name <> 'PRIMARY' "
                + "ORDER BY index_name, seq_in_index", table).forEach(row -> {
            String name = row.get(0, String.class);
            Number subPart = row.get(3, Number.class);
            columns.computeIfAbsent(name, key -> new ArrayList<>()).add("`" + row.get(2, String.class) + "`"
                    + (subPart == null ? "" : "(" + subPart + ")"));
            unique.put(name, row.get(1, Number.class).intValue() == 0);
        });
        columns.forEach((name, cols) -> indexes.put(name, (unique.get(name) ? "UNIQUE " : "")
                + "INDEX {name} ON {table} (" + String.join(", ", cols) + ")"));
        return indexes;
    }

    /** Whether {@link #swap} runs inside the caller's transaction (PostgreSQL) or commits it (MySQL/MariaDB DDL). */
    public static boolean swapsInTransaction(DSLContext dsl) {
        return postgres(dsl);
    }

    private static boolean postgres(DSLContext dsl) {
        return dsl.dialect().family() == SQLDialect.POSTGRES;
    }
}
