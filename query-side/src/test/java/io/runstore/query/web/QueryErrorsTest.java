package io.runstore.query.web;

import io.runstore.api.ErrorBody;
import io.runstore.query.QueryDatabases;
import io.runstore.query.sql.QueryDsl;
import io.runstore.database.DatabaseFailures;
import io.runstore.testsupport.DatabaseKind;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A statement the database cancels at the query timeout is answered 504 DEADLINE_EXCEEDED with a message saying why,
 * not a hang and not a 500. On both databases (each cancels differently).
 */
class QueryErrorsTest {

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aStatementOverTheTimeoutIsADeadlineExceededAnswer(DatabaseKind kind) {
        DataAccessException timedOut = overTheTimeout(kind, false);

        ResponseEntity<ErrorBody> answer = new QueryErrors().database(timedOut);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(answer.getBody().code()).isEqualTo(4);
        assertThat(answer.getBody().message()).contains("statement timeout");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aStatementOfIndexOrderedReadsHasTheTimeoutToo(DatabaseKind kind) {
        assertThat(DatabaseFailures.isTimeout(overTheTimeout(kind, true))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void statementsSentTogetherHaveTheTimeoutToo(DatabaseKind kind) {
        var dsl = QueryDsl.of(QueryDatabases.of(kind).dsl, java.time.Duration.ofSeconds(1));
        String sleep = kind == DatabaseKind.POSTGRESQL ? "select pg_sleep(5)" : "select sleep(5)";
        for (QueryDsl.Planning planning : QueryDsl.Planning.values()) {
            DataAccessException timedOut = catchThrowableOfType(DataAccessException.class,
                    () -> QueryDsl.fetchTogether(dsl, planning, List.of(dsl.selectOne(), dsl.resultQuery(sleep))));
            assertThat(timedOut).as("the statements were cancelled").isNotNull();
            assertThat(DatabaseFailures.isTimeout(timedOut)).isTrue();
        }
    }

    /** What a 5 s sleep under a 1 s query timeout ends with, run alone or among index-ordered reads. */
    private static DataAccessException overTheTimeout(DatabaseKind kind, boolean inIndexOrder) {
        var dsl = QueryDsl.of(QueryDatabases.of(kind).dsl, java.time.Duration.ofSeconds(1));
        String sleep = kind == DatabaseKind.POSTGRESQL ? "select pg_sleep(5)" : "select sleep(5)";
        DataAccessException timedOut = catchThrowableOfType(DataAccessException.class, () -> {
            if (inIndexOrder) {
                QueryDsl.inIndexOrder(dsl, reads -> reads.resultQuery(sleep).fetch());
            } else {
                dsl.resultQuery(sleep).fetch();
            }
        });
        assertThat(timedOut).as("the statement was cancelled").isNotNull();
        return timedOut;
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anyOtherDatabaseFailureIsARetryableUnavailable(DatabaseKind kind) {
        DataAccessException failed = catchThrowableOfType(DataAccessException.class,
                () -> QueryDatabases.of(kind).dsl.resultQuery("select * from no_such_table").fetch());
        ResponseEntity<ErrorBody> answer = new QueryErrors().database(failed);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    }
}
