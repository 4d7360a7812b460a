package io.runstore.query.run;

import io.runstore.testsupport.DatabaseKind;

class MySqlPagingWhileRunsAreCreatedTest extends PagingWhileRunsAreCreatedTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }
}
