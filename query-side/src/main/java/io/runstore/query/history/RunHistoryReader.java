package io.runstore.query.history;

import com.fasterxml.jackson.databind.node.NullNode;
import io.runstore.api.event.PublicEventJson;
import io.runstore.api.event.RunEventView;
import io.runstore.events.experiment.ExperimentCreated;
import io.runstore.events.run.RunCreated;
import io.runstore.eventstore.EventMetadata;
import io.runstore.eventstore.HistoricEvent;
import io.runstore.eventstore.RunHistory;
import io.runstore.query.listing.Filter;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.listing.Position;
import io.runstore.query.listing.Sort;
import io.runstore.query.web.QueryException;

import java.util.List;
import java.util.Optional;

/**
 * A run's history through the event store's read API ({@link RunHistory}: upcast, typed, keyset-paged by sequence
 * number), shown in the public event shape ({@link RunEventView}) with signed page tokens.
 */
public final class RunHistoryReader {

    private static final Sort BY_SEQUENCE = new Sort(null, null, false, "sequence asc");
    private static final Filter NO_FILTER = new Filter(List.of(), NullNode.getInstance());
    private static final int MAX_PAGE_SIZE = 200;

    private final RunHistory history;
    private final PageTokens tokens;

    public RunHistoryReader(RunHistory history, PageTokens tokens) {
        this.history = history;
        this.tokens = tokens;
    }

    public RunEventView.Page page(String runId, String pageToken, int requestedPageSize) {
        int size = Listing.pageSize(requestedPageSize, MAX_PAGE_SIZE);
        String scope = "events:" + runId;
        long after = -1;
        if (pageToken != null && !pageToken.isEmpty()) {
            PageTokens.Token token = tokens.read(pageToken);
            if (!token.scope().equals(scope) || !(token.position().value() instanceof Long sequence)) {
                throw QueryException.invalid("page_token was made for another listing, not for the events of run " + runId);
            }
            after = sequence;
        }
        List<RunEventView> events = history.after(runId, after, size + 1).stream().map(RunHistoryReader::view)
                .toList();
        String next = null;
        if (events.size() > size) {
            events = events.subList(0, size);
            next = tokens.issue(scope, NO_FILTER, BY_SEQUENCE, new Position(events.get(size - 1).sequence(), runId));
        }
        return new RunEventView.Page(events, next);
    }

    /**
     * The namespace the run (or experiment) was created in, from its first event: still known after it is deleted.
     */
    public Optional<String> namespaceOf(String runId) {
        return history.first(runId).map(first -> {
            if (first.payload() instanceof RunCreated created) {
                return created.namespace() == null ? "" : created.namespace();
            }
            if (first.payload() instanceof ExperimentCreated created) {
                return created.namespace() == null ? "" : created.namespace();
            }
            throw new IllegalStateException("The first event of run " + runId + " is a " + first.type()
                    + ", not RunCreated");
        });
    }

    private static RunEventView view(HistoricEvent event) {
        return new RunEventView(event.sequence(), event.position(), simpleName(event.type()), event.revision(),
                event.occurredAt(), event.commandId(), event.metadata().get(EventMetadata.PRINCIPAL),
                event.metadata().get(EventMetadata.NAMESPACE), PublicEventJson.of(event.payload()));
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
