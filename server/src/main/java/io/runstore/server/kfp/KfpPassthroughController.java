package io.runstore.server.kfp;

import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import io.runstore.security.AuthProperties;
import io.runstore.security.Caller;
import io.runstore.security.Callers;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What runstore does not own (pipelines, pipeline versions, recurring runs, artifacts) is passed unchanged to the KFP
 * API server named by {@code runstore.kfp.api-url}, so that KFP's UI can be pointed at runstore alone. Without it,
 * those routes answer 404 in KFP's error shape, saying what to configure. In multi-user mode KFP is told who is
 * asking in the auth proxy's header, set from the identity runstore authenticated.
 */
@RestController
class KfpPassthroughController {

    /** Request headers not forwarded: hop-by-hop ones, and those the client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "transfer-encoding",
            "upgrade", "keep-alive", "expect", "te", "trailer", "proxy-authorization", "proxy-connection");

    private final String apiUrl;
    private final Callers callers;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    KfpPassthroughController(@Value("${runstore.kfp.api-url:}") String apiUrl, AuthProperties auth) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.callers = new Callers(auth);
    }

    @RequestMapping({"/apis/v2beta1/pipelines", "/apis/v2beta1/pipelines/**",
            "/apis/v2beta1/recurringruns", "/apis/v2beta1/recurringruns/**",
            "/apis/v2beta1/artifacts", "/apis/v2beta1/artifacts/**",
            "/apis/v1beta1/pipelines", "/apis/v1beta1/pipelines/**",
            "/apis/v1beta1/pipeline_versions", "/apis/v1beta1/pipeline_versions/**",
            "/apis/v1beta1/jobs", "/apis/v1beta1/jobs/**"})
    ResponseEntity<byte[]> pass(HttpServletRequest request) throws IOException, InterruptedException {
        String path = request.getRequestURI();
        if (apiUrl.isEmpty()) {
            String message = path + " is served by KFP's API server, not runstore: set runstore.kfp.api-url to pass "
                    + "it through";
            return error(ErrorCode.NOT_FOUND, message);
        }
        String query = request.getQueryString();
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(apiUrl + path + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30))
                .method(request.getMethod(), HttpRequest.BodyPublishers.ofByteArray(
                        StreamUtils.copyToByteArray(request.getInputStream())));
        Caller caller = callers.authenticate(request);
        String userHeader = callers.userHeader();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (NOT_FORWARDED.contains(name.toLowerCase()) || !forwarded(caller, userHeader, name, request)) {
                continue;
            }
            for (String value : Collections.list(request.getHeaders(name))) {
                forward.header(name, value);
            }
        }
        if (caller.multiUser() && userHeader != null) {
            forward.header(userHeader, callers.userHeaderValue(caller));
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return error(ErrorCode.UNAVAILABLE, "KFP's API server at " + apiUrl + " cannot be reached: " + e);
        }
        HttpHeaders headers = new HttpHeaders();
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                headers.put(name, List.copyOf(values));
            }
        });
        return ResponseEntity.status(answer.statusCode()).headers(headers).body(answer.body());
    }

    /**
     * Multi-user: KFP learns who is asking from the identity runstore authenticated, never from a header the client
     * chose (a caller with a runstore token could otherwise name anyone in the proxy's header), and runstore's own
     * bearer tokens are not handed on.
     */
    private boolean forwarded(Caller caller, String userHeader, String name, HttpServletRequest request) {
        if (!caller.multiUser()) {
            return true;
        }
        if (userHeader != null && name.equalsIgnoreCase(userHeader)) {
            return false;
        }
        return !(name.equalsIgnoreCase(HttpHeaders.AUTHORIZATION)
                && callers.isOwnToken(request.getHeader(HttpHeaders.AUTHORIZATION)));
    }

    private static ResponseEntity<byte[]> error(ErrorCode code, String message) {
        return ResponseEntity.status(HttpStatus.valueOf(code.httpStatus()))
                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                .body(ErrorBodyJson.of(ErrorBody.of(code, message)));
    }
}
