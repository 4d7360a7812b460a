package io.runstore.command.web;

import io.runstore.api.ConsistencyToken;
import io.runstore.command.run.Written;
import org.springframework.http.ResponseEntity;

/** How a write answers: 200 with the {@value ConsistencyToken#HEADER} header naming its last event. */
final class WriteAnswers {

    private WriteAnswers() {
    }

    static <T> ResponseEntity<T> ok(Written written, T body) {
        return ResponseEntity.ok().header(ConsistencyToken.HEADER, token(written)).body(body);
    }

    static String token(Written written) {
        return new ConsistencyToken(written.runId(), written.sequence()).toString();
    }
}
