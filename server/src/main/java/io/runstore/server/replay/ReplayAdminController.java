package io.runstore.server.replay;

import io.runstore.api.ErrorBody;
import io.runstore.api.ErrorCode;
import io.runstore.projections.replay.Rebuild;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The admin API of replays, everything under {@value #PREFIX} (for the admin role's rule):
 * <ul>
 *   <li>{@code GET .../replay}: status as JSON (head, live projector, rebuild under way, this server's replay with
 *   events done and total, events/s, ETA, last outcome);</li>
 *   <li>{@code POST .../replay/rebuild[?switch=false&lanes=&chunk=]}: starts a blue/green rebuild in this server,
 *   202; 409 when a replay already runs here;</li>
 *   <li>{@code POST .../replay/check}: starts a check, 202 (its differences appear as the last outcome);</li>
 *   <li>{@code DELETE .../replay/previous}: drops the tables the last switch replaced.</li>
 * </ul>
 */
@RestController
@Profile("!cli & !migrate")
@RequestMapping(ReplayAdminController.PREFIX + "/replay")
class ReplayAdminController {

    /** Every admin route starts with this. */
    static final String PREFIX = "/apis/runstore/admin";

    private final ReplayAdmin admin;

    ReplayAdminController(ReplayAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    Map<String, Object> status() {
        return admin.status();
    }

    @PostMapping("/rebuild")
    ResponseEntity<?> rebuild(@RequestParam(name = "switch", defaultValue = "true") boolean switchTables,
                              @RequestParam(defaultValue = "4") int lanes,
                              @RequestParam(defaultValue = "5000") int chunk) {
        ResponseEntity<?> invalid = validate(lanes, chunk);
        if (invalid != null) {
            return invalid;
        }
        if (!admin.startRebuild(new Rebuild.Options(lanes, chunk, chunk), switchTables)) {
            return busy();
        }
        return ResponseEntity.accepted().body(admin.status());
    }

    @PostMapping("/check")
    ResponseEntity<?> check(@RequestParam(defaultValue = "4") int lanes,
                            @RequestParam(defaultValue = "5000") int chunk) {
        ResponseEntity<?> invalid = validate(lanes, chunk);
        if (invalid != null) {
            return invalid;
        }
        if (!admin.startCheck(new Rebuild.Options(lanes, chunk, chunk))) {
            return busy();
        }
        return ResponseEntity.accepted().body(admin.status());
    }

    @DeleteMapping("/previous")
    Map<String, Object> dropPrevious() {
        return Map.of("dropped", admin.dropPrevious());
    }

    private static ResponseEntity<?> validate(int lanes, int chunk) {
        if (lanes < 1 || lanes > 64) {
            return ResponseEntity.status(400).body(ErrorBody.of(ErrorCode.INVALID_ARGUMENT,
                    "lanes must be between 1 and 64, was " + lanes));
        }
        if (chunk < 1 || chunk > 100_000) {
            return ResponseEntity.status(400).body(ErrorBody.of(ErrorCode.INVALID_ARGUMENT,
                    "chunk must be between 1 and 100000, was " + chunk));
        }
        return null;
    }

    private static ResponseEntity<ErrorBody> busy() {
        return ResponseEntity.status(ErrorCode.ABORTED.httpStatus()).body(ErrorBody.of(ErrorCode.ABORTED,
                "a replay already runs in this server; see GET " + PREFIX + "/replay"));
    }
}
