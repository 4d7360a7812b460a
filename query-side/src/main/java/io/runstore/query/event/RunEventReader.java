package io.runstore.query.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.runstore.query.listing.Filter;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.listing.Position;
import io.runstore.query.listing.Sort;
import io.runstore.query.web.QueryException;
import io.runstore.readtables.EpochMicros;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * A run's history from the event log (read-only; the command side owns the table, so its columns are named here
 * rather than generated). Paged by sequence number.
 */
public final class RunEventReader {

    private static final Table<?> EVENT_LOG = table(name("event_log"));
    private static final Field<String> RUN_ID = field(name("run_id"), String.class);
    private static final Field<Long> SEQUENCE = field(name("sequence_number"), Long.class);
    private static final Field<String> TYPE = field(name("payload_type"), String.class);
    private static final Field<String> REVISION = field(name("payload_revision"), String.class);
    private static final Field<String> PAYLOAD = field(name("payload"), String.class);
    private static final Field<Long> OCCURRED_AT = field(name("occurred_at"), Long.class);
    private static final Field<String> COMMAND_ID = field(name("command_id"), String.class);
    private static final Sort BY_SEQUENCE = new Sort(null, null, false, "sequence asc");
    private static final Filter NO_FILTER = new Filter(List.of(), NullNode.getInstance());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAGE_SIZE = 200;

    private final DSLContext dsl;
    private final PageTokens tokens;

    public RunEventReader(DSLContext dsl, PageTokens tokens) {
        this.dsl = dsl;
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
        List<RunEventView> events = dsl.select(SEQUENCE, TYPE, REVISION, OCCURRED_AT, COMMAND_ID, PAYLOAD)
                .from(EVENT_LOG)
                .where(RUN_ID.eq(runId)).and(SEQUENCE.gt(after))
                .orderBy(SEQUENCE)
                .limit(size + 1)
                .fetch(row -> new RunEventView(row.value1(), simpleName(row.value2()), row.value3(),
                        EpochMicros.toInstant(row.value4()), row.value5(), row.value6()));
        String next = null;
        if (events.size() > size) {
            events = events.subList(0, size);
            next = tokens.issue(scope, NO_FILTER, BY_SEQUENCE, new Position(events.get(size - 1).sequence(), runId));
        }
        return new RunEventView.Page(events, next);
    }

    /** The namespace the run was created in, from its first event: still known after the run is deleted. */
    public Optional<String> namespaceOf(String runId) {
        return dsl.select(PAYLOAD).from(EVENT_LOG).where(RUN_ID.eq(runId)).and(SEQUENCE.eq(0L))
                .fetchOptional(PAYLOAD)
                .map(payload -> {
                    try {
                        JsonNode namespace = JSON.readTree(payload).get("namespace");
                        return namespace == null || namespace.isNull() ? "" : namespace.asText();
                    } catch (IOException e) {
                        throw new IllegalStateException("Unreadable payload of the first event of run " + runId, e);
                    }
                });
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
