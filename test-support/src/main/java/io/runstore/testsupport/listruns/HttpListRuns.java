package io.runstore.testsupport.listruns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * runstore's ListRuns as a client sees it: {@code GET /apis/v2beta1/runs} on a running server (see
 * {@link QueryServer}) with KFP's parameters, a bearer token, and the whole JSON answer parsed (Jackson tree), over
 * one kept-alive HTTP/1.1 connection. A blocking client on the caller's thread ({@link HttpURLConnection}), as KFP's
 * SDK's urllib3: the JDK's HttpClient hands every exchange to its selector thread and back, which is not the
 * server's time (0.04-0.06 ms at p50 on a loaded machine, docs/benchmarks/http-path.md).
 */
public final class HttpListRuns implements ListRunsImplementation {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

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
        HttpURLConnection http = (HttpURLConnection) base.resolve("/apis/v2beta1/runs?" + query).toURL()
                .openConnection();
        http.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        http.setReadTimeout(READ_TIMEOUT_MILLIS);
        http.setRequestProperty("Authorization", "Bearer " + bearerToken);
        int status = http.getResponseCode();
        // read to the end either way, so the connection is kept alive for the next call
        try (InputStream body = status < 400 ? http.getInputStream() : http.getErrorStream()) {
            byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
            if (status != 200) {
                throw new IllegalStateException("ListRuns over HTTP answered " + status + " to " + request + ": "
                        + new String(bytes, StandardCharsets.UTF_8));
            }
            return page(JSON.readTree(bytes), bytes.length);
        }
    }

    private static ListRunsPage page(JsonNode answer, long bytes) {
        List<String> runIds = new ArrayList<>();
        for (JsonNode run : answer.path("runs")) {
            runIds.add(run.path("run_id").asText());
        }
        PageStart next = answer.hasNonNull("next_page_token")
                ? new PageStart.Token(answer.get("next_page_token").asText()) : null;
        return new ListRunsPage(runIds, answer.path("total_size").asLong(), next, OptionalLong.of(bytes));
    }

    private static void parameter(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
