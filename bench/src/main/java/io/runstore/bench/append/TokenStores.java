package io.runstore.bench.append;

import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;

/** Axon's JDBC token store on the server's snake_case {@code token_entry} table of a benchmark database. */
public final class TokenStores {

    private TokenStores() {
    }

    public static TokenStore tokenEntry(BenchDatabase db) {
        return JdbcTokenStore.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(db.dataSource)))
                .schema(TokenSchema.builder().setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name").setSegmentColumn("segment")
                        .setTokenColumn("token").setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp").setOwnerColumn("owner").build())
                .serializer(db.serializer)
                .build();
    }
}
