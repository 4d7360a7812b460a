package io.runstore.server.error;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * Tomcat's answer to a request it refuses before any servlet sees it (an encoded NUL or a broken escape in the path,
 * a path that leaves the root after normalization, a request line or headers over the size limit: Tomcat's reason,
 * when it gives one) in KFP's error shape, as {@link KfpErrorController} answers what
 * reaches the application; Tomcat's own valve writes an HTML page.
 */
public final class KfpErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ErrorCode code = KfpErrorController.codeOf(status);
        HttpStatus known = HttpStatus.resolve(status);
        // Tomcat's parser leaves its reason (e.g. "Request header is too large") in the request, not in throwable; a
        // server error's own message stays out of the answer
        Throwable reason = throwable != null ? throwable
                : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String message = "the request was refused: " + (known == null ? "HTTP " + status : known.getReasonPhrase())
                + (status < 500 && reason != null && reason.getMessage() != null ? " (" + reason.getMessage() + ")"
                : status == 400 ? " (the path holds an encoded NUL, a broken escape or leaves the root)" : "");
        try {
            String body = JSON.writeValueAsString(new ErrorBody(message, code == null ? 2 : code.grpcCode(), message,
                    List.of()));
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: nothing more to say
        }
    }
}
