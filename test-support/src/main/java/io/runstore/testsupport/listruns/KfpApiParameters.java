package io.runstore.testsupport.listruns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A benchmark request as the parameters of KFP's ListRuns API, which runstore's query API takes as is: the filter as
 * KFP's JSON ({@code {"predicates": [{"key", "operation", "string_value"}]}}), {@code sort_by} and the page token.
 */
public record KfpApiParameters(String filter, String sortBy, String pageToken) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static KfpApiParameters of(ListRunsRequest request) {
        String filter = null;
        if (!request.filter().isEmpty()) {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode predicates = root.putArray("predicates");
            for (RunPredicate predicate : request.filter()) {
                predicates.addObject()
                        .put("key", predicate.key().apiName)
                        .put("operation", predicate.operation().name())
                        .put("string_value", predicate.value());
            }
            filter = root.toString();
        }
        String pageToken = null;
        if (request.start() != null) {
            if (!(request.start() instanceof PageStart.Token token)) {
                throw new IllegalArgumentException("runstore pages with its own next_page_token, not "
                        + request.start());
            }
            pageToken = token.value();
        }
        return new KfpApiParameters(filter, request.sort().apiName + (request.descending() ? " desc" : " asc"),
                pageToken);
    }
}
