package io.runstore.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An HTTP client of the server under test that is someone: a bearer token, the auth proxy's header, or nobody. */
final class Client {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String name;
    private final List<String> identity;

    private Client(int port, String name, List<String> identity) {
        this.base = "http://127.0.0.1:" + port;
        this.name = name;
        this.identity = identity;
    }

    static Client anonymous(int port) {
        return new Client(port, "anonymous", List.of());
    }

    static Client bearer(int port, String token) {
        return new Client(port, "token " + token, List.of("Authorization", "Bearer " + token));
    }

    /** Through the auth proxy, as KFP's Istio setup sets the header. */
    static Client proxied(int port, String user) {
        return new Client(port, "proxy user " + user, List.of("kubeflow-userid", "accounts.google.com:" + user));
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    Answer send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        List<String> all = new ArrayList<>(identity);
        all.addAll(List.of(headers));
        for (int i = 0; i < all.size(); i += 2) {
            request.header(all.get(i), all.get(i + 1));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(method + " " + path + " as " + name, response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Answer(String request, int status, String body, String retryAfter) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(request + " answered no JSON: " + body, e);
            }
        }

        /** The gRPC code of KFP's error body. */
        int code() {
            return json().path("code").asInt();
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + body;
        }
    }
}
