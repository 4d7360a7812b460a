package io.runstore.query.run;

import io.runstore.testsupport.DatabaseKind;

class PostgresPagingWhileRunsAreCreatedTest extends PagingWhileRunsAreCreatedTest {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
