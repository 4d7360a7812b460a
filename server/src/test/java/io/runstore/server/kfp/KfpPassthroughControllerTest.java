package io.runstore.server.kfp;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import io.runstore.security.AuthProperties;
import io.runstore.security.Callers;
import org.springframework.mock.web.MockHttpServletRequest;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Pipelines and the rest of what runstore does not own go to the configured KFP API server unchanged. */
class KfpPassthroughControllerTest {

    private static final AuthProperties SINGLE_USER = new AuthProperties(null, null, null, null, false);

    private HttpServer kfp;
    private final List<String> received = new ArrayList<>();

    @BeforeEach
    void startKfp() throws Exception {
        kfp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kfp.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("kubeflow-userid") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(body, StandardCharsets.UTF_8));
            byte[] answer = "{\"pipeline_id\": \"p-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        kfp.start();
    }

    @AfterEach
    void stopKfp() {
        kfp.stop(0);
    }

    @Test
    void aRequestIsPassedThroughUnchangedAndItsAnswerBack() throws Exception {
        KfpPassthroughController controller = new KfpPassthroughController("http://127.0.0.1:"
                + kfp.getAddress().getPort() + "/", SINGLE_USER);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/apis/v2beta1/pipelines/p-1/versions");
        request.setQueryString("filter=%7B%7D&page_size=5");
        request.addHeader("kubeflow-userid", "alice");
        request.setContent("{\"display_name\": \"v\"}".getBytes(StandardCharsets.UTF_8));

        ResponseEntity<byte[]> answer = controller.pass(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(201);
        assertThat(new String(answer.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"pipeline_id\": \"p-1\"}");
        assertThat(answer.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(received).containsExactly("POST /apis/v2beta1/pipelines/p-1/versions?filter=%7B%7D&page_size=5 "
                + "alice null {\"display_name\": \"v\"}");
    }

    @Test
    void multiUserKfpLearnsTheAuthenticatedIdentityNotAHeaderTheClientChose() throws Exception {
        AuthProperties auth = new AuthProperties(AuthProperties.Mode.MULTI_USER, "kubeflow-userid",
                "accounts.google.com:", List.of(new AuthProperties.Principal("bob", List.of("ns-b"), List.of(),
                List.of(Callers.sha256("bob-token")), List.of())), false);
        KfpPassthroughController controller = new KfpPassthroughController("http://127.0.0.1:"
                + kfp.getAddress().getPort(), auth);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/apis/v2beta1/pipelines");
        request.addHeader("Authorization", "Bearer bob-token");
        request.addHeader("kubeflow-userid", "accounts.google.com:alice");

        controller.pass(request);

        assertThat(received).containsExactly("GET /apis/v2beta1/pipelines accounts.google.com:bob null ");
    }

    @Test
    void withoutAKfpServerTheRouteIsNotFoundInKfpsShape() throws Exception {
        ResponseEntity<byte[]> answer = new KfpPassthroughController("", SINGLE_USER)
                .pass(new MockHttpServletRequest("GET", "/apis/v2beta1/pipelines"));
        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        String body = new String(answer.getBody(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"code\":5").contains("runstore.kfp.api-url");
        assertThat(received).isEmpty();
    }

    @Test
    void anUnreachableKfpServerIsUnavailable() throws Exception {
        int port = kfp.getAddress().getPort();
        kfp.stop(0);
        ResponseEntity<byte[]> answer = new KfpPassthroughController("http://127.0.0.1:" + port, SINGLE_USER)
                .pass(new MockHttpServletRequest("GET", "/apis/v2beta1/recurringruns"));
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(new String(answer.getBody(), StandardCharsets.UTF_8)).contains("\"code\":14");
    }
}
