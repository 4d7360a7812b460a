package io.runstore.server.error;

import io.runstore.api.ErrorBody;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class KfpErrorControllerTest {

    private final KfpErrorController controller = new KfpErrorController();

    @Test
    void anExceptionNoAdviceHandledIsAnInternalErrorInKfpsShape() {
        ResponseEntity<ErrorBody> answer = controller.error(failed(500, "/apis/v2beta1/runs"));
        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().code()).isEqualTo(13);
        assertThat(answer.getBody().message()).isEqualTo("internal error");
    }

    @Test
    void aWrongMethodIsUnimplemented() {
        ResponseEntity<ErrorBody> answer = controller.error(failed(405, "/apis/v2beta1/runs"));
        assertThat(answer.getStatusCode().value()).isEqualTo(501);
        assertThat(answer.getBody().code()).isEqualTo(12);
    }

    @Test
    void statusesKeepTheirHttpCodeWithTheGatewaysGrpcCode() {
        assertThat(controller.error(failed(401, "/x")).getBody().code()).isEqualTo(16);
        assertThat(controller.error(failed(403, "/x")).getBody().code()).isEqualTo(7);
        assertThat(controller.error(failed(415, "/x")).getStatusCode().value()).isEqualTo(415);
        assertThat(controller.error(failed(418, "/x")).getBody().code()).as("UNKNOWN").isEqualTo(2);
    }

    private static MockHttpServletRequest failed(int status, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, path);
        return request;
    }
}
