package io.runstore.query.experiment;

import io.runstore.query.listing.FilterConditions;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.listing.Position;
import io.runstore.query.sql.QueryDsl;
import io.runstore.readtables.EpochMicros;
import io.runstore.readtables.schema.tables.records.ExperimentRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SortOrder;

import java.util.List;
import java.util.Optional;

import static io.runstore.readtables.schema.Tables.EXPERIMENT;
import static org.jooq.impl.DSL.noCondition;

/** ListExperiments and GetExperiment over the experiment table; deleted experiments are never answered. */
public final class ExperimentReader {

    private static final int MAX_PAGE_SIZE = 200;
    private static final String DELETED = "DELETED";

    private final DSLContext dsl;
    private final PageTokens tokens;

    public ExperimentReader(DSLContext dsl, PageTokens tokens) {
        this.dsl = dsl;
        this.tokens = tokens;
    }

    /** One page, keyset-paged on (sort key, experiment_id); {@code namespace} null: every namespace. */
    public ListExperimentsView list(String namespace, Listing.Parameters parameters, int requestedPageSize) {
        int size = Listing.pageSize(requestedPageSize, MAX_PAGE_SIZE);
        String scope = namespace == null ? "experiments" : "experiments:namespace:" + namespace;
        Listing listing = Listing.resolve(tokens, scope, parameters, ExperimentColumns.KEYS);
        Condition where = EXPERIMENT.STORAGE_STATE.ne(DELETED)
                .and(namespace == null ? noCondition() : EXPERIMENT.NAMESPACE.eq(namespace))
                .and(FilterConditions.of(listing.filter().predicates()));
        Field<?> field = listing.sort().column().field();
        SortOrder direction = listing.sort().descending() ? SortOrder.DESC : SortOrder.ASC;
        Position after = listing.after();
        Condition seek = after == null ? noCondition() : QueryDsl.after(dsl, field, EXPERIMENT.EXPERIMENT_ID,
                after.value(), after.id(), listing.sort().descending());
        List<ExperimentRecord> rows = dsl.selectFrom(EXPERIMENT).where(where).and(seek)
                .orderBy(field.sort(direction), EXPERIMENT.EXPERIMENT_ID.sort(direction))
                .limit(size + 1)
                .fetch();
        String next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            ExperimentRecord last = rows.get(size - 1);
            next = tokens.issue(scope, listing.filter(), listing.sort(),
                    new Position(last.get(field), last.getExperimentId()));
        }
        return new ListExperimentsView(rows.stream().map(ExperimentReader::view).toList(),
                dsl.fetchCount(EXPERIMENT, where), next);
    }

    public Optional<ExperimentView> get(String experimentId) {
        return dsl.selectFrom(EXPERIMENT).where(EXPERIMENT.EXPERIMENT_ID.eq(experimentId))
                .and(EXPERIMENT.STORAGE_STATE.ne(DELETED))
                .fetchOptional(ExperimentReader::view);
    }

    private static ExperimentView view(ExperimentRecord row) {
        return new ExperimentView(row.getExperimentId(), row.getDisplayName(), row.getDescription(),
                EpochMicros.toInstant(row.getCreatedAt()), row.getNamespace(), row.getStorageState());
    }
}
