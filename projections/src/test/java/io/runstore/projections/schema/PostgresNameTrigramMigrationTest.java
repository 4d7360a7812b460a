package io.runstore.projections.schema;

import com.zaxxer.hikari.HikariDataSource;
import io.runstore.readtables.ReadTablesSchema;
import io.runstore.testsupport.DatabaseKind;
import io.runstore.testsupport.TestDatabase;
import io.runstore.testsupport.TestDatabases;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.runstore.readtables.schema.Tables.RUN_LIST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * V11 (PostgreSQL only: MariaDB/MySQL have no trigram index) as the users a deployment migrates with: a database owner
 * that is no superuser creates pg_trgm (a trusted extension) and the trigram index on run_list's name key; a user that
 * may create tables but not extensions migrates all the same, without the index, and the name search's
 * {@code LIKE '%text%'} still answers.
 */
class PostgresNameTrigramMigrationTest {

    private static final String INDEX = "ix_run_list_name_key_trgm";

    private TestDatabase database;
    private DSLContext admin;
    private HikariDataSource adminPool;
    private String role;

    @BeforeEach
    void createRole() {
        database = TestDatabases.create(DatabaseKind.POSTGRESQL);
        adminPool = database.newDataSource(1);
        admin = DSL.using(adminPool, database.dialect());
        role = "runstore_v11_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'v11'");
    }

    @AfterEach
    void dropRole() {
        admin.execute("REASSIGN OWNED BY " + role + " TO " + database.username());
        admin.execute("DROP OWNED BY " + role);
        admin.execute("DROP ROLE " + role);
        adminPool.close();
    }

    @Test
    void aDatabaseOwnerGetsTheTrigramIndex() {
        admin.execute("ALTER DATABASE " + databaseName() + " OWNER TO " + role);

        migrateAsRole();

        assertThat(admin.fetchValue("SELECT indexdef FROM pg_indexes WHERE indexname = ?", INDEX))
                .asString().contains("USING gin (display_name_key gin_trgm_ops)");
    }

    @Test
    void aUserThatMayNotCreateExtensionsMigratesWithoutIt() {
        admin.execute("GRANT ALL ON SCHEMA public TO " + role);

        migrateAsRole();

        assertThat(admin.fetchExists(DSL.selectOne().from("pg_indexes").where("indexname = ?", INDEX))).isFalse();
        assertThat(admin.fetchExists(DSL.selectOne().from("pg_extension").where("extname = 'pg_trgm'"))).isFalse();
        assertThat(admin.fetchCount(RUN_LIST, RUN_LIST.DISPLAY_NAME_KEY.contains("xgboost"))).isZero();
    }

    private void migrateAsRole() {
        TestDatabase asRole = new TestDatabase(database.kind(), database.dialect(), database.jdbcUrl(), role, "v11",
                database.origin());
        try (HikariDataSource pool = asRole.newDataSource(2)) {
            ReadTablesSchema.migrate(pool, database.dialect());
        }
    }

    private String databaseName() {
        return admin.fetchOne("SELECT current_database()").get(0, String.class);
    }
}
