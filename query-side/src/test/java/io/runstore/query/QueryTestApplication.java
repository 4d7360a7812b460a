package io.runstore.query;

import org.jooq.SQLDialect;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jooq.DefaultConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The query role alone, on a test database whose read tables the tests fill. */
@SpringBootApplication
public class QueryTestApplication {

    @Bean
    DefaultConfigurationCustomizer dialect(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String product = (connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion()).toLowerCase();
            SQLDialect dialect = product.contains("postgres") ? SQLDialect.POSTGRES
                    : product.contains("mariadb") ? SQLDialect.MARIADB : SQLDialect.MYSQL;
            return configuration -> configuration.set(dialect);
        }
    }
}
