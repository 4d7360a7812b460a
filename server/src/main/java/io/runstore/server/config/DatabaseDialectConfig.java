package io.runstore.server.config;

import org.jooq.SQLDialect;
import org.springframework.boot.autoconfigure.jooq.DefaultConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * The jOOQ dialect, read from the server itself: a MariaDB server reached through {@code jdbc:mysql:} needs
 * jOOQ's MARIADB dialect (MYSQL renders upserts and JSON that MariaDB rejects).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseDialectConfig {

    @Bean
    DefaultConfigurationCustomizer detectedDialect(DataSource dataSource) {
        SQLDialect dialect = detect(dataSource);
        return configuration -> configuration.set(dialect);
    }

    static SQLDialect detect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            String product = metaData.getDatabaseProductName().toLowerCase();
            String version = metaData.getDatabaseProductVersion().toLowerCase();
            if (product.contains("postgres")) {
                return SQLDialect.POSTGRES;
            }
            if (product.contains("mariadb") || version.contains("mariadb")) {
                return SQLDialect.MARIADB;
            }
            if (product.contains("mysql")) {
                return SQLDialect.MYSQL;
            }
            throw new IllegalStateException("Unsupported database " + metaData.getDatabaseProductName()
                    + ": runstore runs on PostgreSQL and MySQL/MariaDB");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database to detect its dialect: " + e.getMessage(), e);
        }
    }
}
