package io.runstore.testsupport;

/** The two database families runstore supports. */
public enum DatabaseKind {
    POSTGRESQL("RUNSTORE_TEST_PG_URL", "127.0.0.1:5432", "postgres",
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"),
    MYSQL("RUNSTORE_TEST_MYSQL_URL", "127.0.0.1:3306", "root",
            "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");

    final String urlVariable;
    final String localAddress;
    final String localUser;
    final String startCommand;

    DatabaseKind(String urlVariable, String localAddress, String localUser, String startCommand) {
        this.urlVariable = urlVariable;
        this.localAddress = localAddress;
        this.localUser = localUser;
        this.startCommand = startCommand;
    }
}
