package io.runstore.testsupport.listruns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * runstore's ListRuns as a client sees it: {@code GET /apis/v2beta1/runs} on a running server (see
 * {@link QueryServer}) with KFP's parameters, a bearer token, and the whole JSON answer parsed (Jackson tree), over
 * one kept-alive HTTP/1.1 connection.
 */
public final class HttpListRuns implements ListRunsImplementation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String bearerToken;

    public HttpListRuns(URI base, String bearerToken) {
        this.base = base;
        this.bearerToken = bearerToken;
    }

    @Override
    public String name() {
        return "runstore (HTTP)";
    }

    @Override
    public ListRunsPage list(ListRunsRequest request) throws Exception {
        KfpApiParameters parameters = KfpApiParameters.of(request);
        StringBuilder query = new StringBuilder();
        parameter(query, request.scope().kind() == ListRunsScope.Kind.NAMESPACE ? "namespace" : "experiment_id",
                request.scope().id());
        parameter(query, "filter", parameters.filter());
        parameter(query, "sort_by", parameters.sortBy());
        parameter(query, "page_size", String.valueOf(request.pageSize()));
        parameter(query, "page_token", parameters.pageToken());
        HttpRequest http = HttpRequest.newBuilder(base.resolve("/apis/v2beta1/runs?" + query))
                .header("Authorization", "Bearer " + bearerToken)
                .timeout(Duration.ofSeconds(30))
                .GET().build();
        HttpResponse<byte[]> response = client.send(http, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("ListRuns over HTTP answered " + response.statusCode() + " to " + request
                    + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode answer = JSON.readTree(response.body());
        List<String> runIds = new ArrayList<>();
        for (JsonNode run : answer.path("runs")) {
            runIds.add(run.path("run_id").asText());
        }
        PageStart next = answer.hasNonNull("next_page_token")
                ? new PageStart.Token(answer.get("next_page_token").asText()) : null;
        return new ListRunsPage(runIds, answer.path("total_size").asLong(), next);
    }

    private static void parameter(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
