package io.runstore.database;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class MysqlDriverDefaultsTest {

    @Test
    void aUrlWithoutPropertiesGetsEveryDefault() {
        assertThat(MysqlDriverDefaults.missingFrom("jdbc:mysql://db:3306/runstore", new Properties()))
                .containsEntry("useLocalSessionState", "true")
                .containsEntry("rewriteBatchedStatements", "true")
                .containsEntry("cachePrepStmts", "true");
    }

    @Test
    void aPropertyTheUrlSetsIsLeftToTheUrl() {
        String url = "jdbc:mysql://db:3306/runstore?useSSL=false&USELOCALSESSIONSTATE=false";

        assertThat(MysqlDriverDefaults.missingFrom(url, new Properties())).doesNotContainKey("useLocalSessionState");
        assertThat(MysqlDriverDefaults.withDefaults(url))
                .startsWith(url + "&")
                .doesNotContain("useLocalSessionState=true")
                .contains("&cachePrepStmts=true");
    }

    @Test
    void aPropertyThePoolIsGivenIsLeftToThePool() {
        Properties given = new Properties();
        given.setProperty("prepstmtcachesize", "25");

        assertThat(MysqlDriverDefaults.missingFrom("jdbc:mysql://db/runstore", given))
                .doesNotContainKey("prepStmtCacheSize")
                .containsKey("prepStmtCacheSqlLimit");
    }

    @Test
    void aUrlWithoutQueryGetsOne() {
        assertThat(MysqlDriverDefaults.withDefaults("jdbc:mysql://db/runstore"))
                .startsWith("jdbc:mysql://db/runstore?rewriteBatchedStatements=true&");
    }

    @Test
    void onlyMysqlDriverUrlsAreConcerned() {
        assertThat(MysqlDriverDefaults.appliesTo("jdbc:mysql://db/runstore")).isTrue();
        assertThat(MysqlDriverDefaults.appliesTo("JDBC:MySQL://db/runstore")).isTrue();
        assertThat(MysqlDriverDefaults.appliesTo("jdbc:postgresql://db/runstore")).isFalse();
        assertThat(MysqlDriverDefaults.appliesTo(null)).isFalse();
    }
}
