package io.runstore.query.listruns;

import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.run.ListRunsView;
import io.runstore.query.run.RunLister;
import io.runstore.query.run.RunScope;
import io.runstore.query.run.RunView;
import io.runstore.query.run.RunViewMode;
import io.runstore.query.sql.QueryDsl;
import io.runstore.testsupport.listruns.KfpApiParameters;
import io.runstore.testsupport.listruns.ListRunsImplementation;
import io.runstore.testsupport.listruns.ListRunsPage;
import io.runstore.testsupport.listruns.ListRunsRequest;
import io.runstore.testsupport.listruns.ListRunsScope;
import io.runstore.testsupport.listruns.PageStart;
import org.jooq.DSLContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * runstore's ListRuns as its SQL alone: the query side's own {@link RunLister} (what the HTTP controller calls),
 * in-process on runstore's read tables, with the server's default statement timeout and real page tokens. No HTTP,
 * no JSON, no authentication; the scope is the one the controller gives a multi-user caller that may read
 * {@code namespaces} (an experiment is read within them), so both runstore variants run the same statements.
 */
public final class QuerySideListRuns implements ListRunsImplementation {

    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    private final RunLister lister;
    private final Set<String> namespaces;

    public QuerySideListRuns(DSLContext dsl, Collection<String> namespaces) {
        this.namespaces = Set.copyOf(namespaces);
        this.lister = new RunLister(QueryDsl.of(dsl, STATEMENT_TIMEOUT),
                new PageTokens("bench".getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String name() {
        return "runstore (SQL)";
    }

    @Override
    public ListRunsPage list(ListRunsRequest request) {
        KfpApiParameters parameters = KfpApiParameters.of(request);
        RunScope scope = request.scope().kind() == ListRunsScope.Kind.NAMESPACE
                ? RunScope.namespace(request.scope().id())
                : RunScope.experimentWithin(request.scope().id(), namespaces);
        ListRunsView view = lister.list(scope, new Listing.Parameters(parameters.filter(), parameters.sortBy(),
                "sort_by", parameters.pageToken()), request.pageSize(), RunViewMode.DEFAULT);
        return new ListRunsPage(view.runs().stream().map(RunView::runId).toList(), view.totalSize(),
                view.nextPageToken() == null ? null : new PageStart.Token(view.nextPageToken()));
    }
}
