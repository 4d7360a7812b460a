package io.runstore.server.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import picocli.CommandLine.Option;

/** Where the KFP database to import from is, and how many threads read and import its runs. */
class KfpDatabaseOptions {

    @Option(names = "--kfp-url", required = true, paramLabel = "JDBC_URL",
            description = "JDBC URL of KFP's database (MySQL or PostgreSQL), e.g. jdbc:mysql://mysql:3306/mlpipeline")
    String url;

    @Option(names = "--kfp-user", defaultValue = "${env:KFP_DATABASE_USER:-root}",
            description = "User of KFP's database (default: $KFP_DATABASE_USER, else ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--kfp-password", defaultValue = "${env:KFP_DATABASE_PASSWORD:-}",
            description = "Password of KFP's database (default: $KFP_DATABASE_PASSWORD, else empty); prefer the "
                    + "environment variable, arguments are visible to other users of the machine.")
    String password;

    @Option(names = "--threads", defaultValue = "4", description = "Runs imported in parallel (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--page-size", defaultValue = "200",
            description = "Runs read per page; progress is shown after each (default ${DEFAULT-VALUE}).")
    int pageSize;

    /** A small pool on KFP's database: one reader and the importing threads. */
    HikariDataSource openDataSource() {
        if (threads < 1 || pageSize < 1) {
            throw new IllegalArgumentException("--threads and --page-size must be at least 1");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(threads + 1);
        config.setReadOnly(true);
        config.setPoolName("kfp-import");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            // without the cause: the command line prints the innermost message, and this one names the database
            throw new IllegalStateException("cannot connect to KFP's database " + url + " as " + user + ": "
                    + cause.getMessage());
        }
    }
}
