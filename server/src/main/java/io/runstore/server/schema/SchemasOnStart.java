package io.runstore.server.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Before anything reads or writes the database, every schema this process's roles use is at the version this build
 * needs: with {@code runstore.schema.migrate-on-start} (the default) the role that owns a schema migrates it (the
 * command role the event store and the command log, the projector role the read tables, the publisher role its
 * position) and the others check it;
 * without, every role only checks. A schema that is behind stops the start with a message saying what to run.
 */
public final class SchemasOnStart {

    private static final Logger log = LoggerFactory.getLogger(SchemasOnStart.class);

    /** The one-shot role that migrates every schema and exits (a deployment's migration Job or compose service). */
    public static final String MIGRATE = "migrate";

    /** The profile of the command line's {@code publisher} command, which reads and sets the publisher's position. */
    public static final String CLI_PUBLISHER = "cli-publisher";

    /** Every role (profile) that uses a schema. */
    public static final List<String> ROLES = List.of("command", "projector", "query", "publisher",
            "cli", CLI_PUBLISHER, MIGRATE);

    private final Set<DatabaseSchema> migrated;
    private final Set<DatabaseSchema> checked;

    private SchemasOnStart(Set<DatabaseSchema> migrated, Set<DatabaseSchema> checked) {
        this.migrated = migrated;
        this.checked = checked;
    }

    /**
     * @param roles          the roles this process plays ({@code command}, {@code projector}, {@code query}, or
     *                       {@code migrate}: the one-shot migration that owns every schema)
     * @param migrateOnStart whether the owning roles migrate their schemas
     * @throws IllegalStateException when a schema a role uses is behind, naming it and what to run
     */
    public static SchemasOnStart prepare(DataSource dataSource, SQLDialect dialect, Set<String> roles,
                                         boolean migrateOnStart) {
        Set<DatabaseSchema> migrated = EnumSet.noneOf(DatabaseSchema.class);
        Set<DatabaseSchema> checked = EnumSet.noneOf(DatabaseSchema.class);
        for (DatabaseSchema schema : DatabaseSchema.values()) {
            if (migrateOnStart && (roles.contains(schema.owner) || roles.contains(MIGRATE))) {
                schema.flyway(dataSource, dialect).migrate();
                migrated.add(schema);
            }
        }
        for (DatabaseSchema schema : DatabaseSchema.values()) {
            if (!migrated.contains(schema) && schema.usedBy.stream().anyMatch(roles::contains)) {
                requireCurrent(schema, schema.flyway(dataSource, dialect), migrateOnStart);
                checked.add(schema);
            }
        }
        log.info("Schemas migrated: {}; checked: {}", migrated, checked);
        return new SchemasOnStart(migrated, checked);
    }

    private static void requireCurrent(DatabaseSchema schema, Flyway flyway, boolean migrateOnStart) {
        MigrationInfo[] pending = flyway.info().pending();
        if (pending.length == 0) {
            return;
        }
        MigrationInfo current = flyway.info().current();
        throw new IllegalStateException("Cannot start: the " + schema.description + " schema of this database is at version "
                + (current == null ? "none (not created)" : current.getVersion()) + ", this server needs version "
                + pending[pending.length - 1].getVersion() + " (pending: " + Arrays.stream(pending)
                .map(migration -> migration.getVersion() + " " + migration.getDescription())
                .collect(Collectors.joining(", ")) + "). Run a server with the " + schema.owner + " role"
                + (migrateOnStart ? "" : " and runstore.schema.migrate-on-start=true")
                + " on this database first (it migrates it), then start this one again.");
    }

    /** The schemas this process migrated. */
    Set<DatabaseSchema> migrated() {
        return Set.copyOf(migrated);
    }

    /** The schemas this process found at the version it needs without migrating them. */
    Set<DatabaseSchema> checked() {
        return Set.copyOf(checked);
    }
}
