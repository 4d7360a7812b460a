package io.runstore.query.mlmd;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.runstore.api.ErrorCode;
import io.runstore.security.AccessRefused;
import io.runstore.security.Caller;
import io.runstore.query.auth.ReadGate;
import io.runstore.query.mlmd.MlmdObjects.RunObjects;
import io.runstore.query.mlmd.MlmdObjects.RunRow;
import io.runstore.query.web.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactTypesRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactTypesResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByContextRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByContextResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByIDRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetArtifactsByIDResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetContextByTypeAndNameResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetEventsByExecutionIDsRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetEventsByExecutionIDsResponse;
import ml_metadata.MetadataStoreServiceOuterClass.GetExecutionsByContextRequest;
import ml_metadata.MetadataStoreServiceOuterClass.GetExecutionsByContextResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ML Metadata reads KFP's run-details page makes, over gRPC-web, answered from the read tables (a run's context,
 * its tasks as executions, the artifacts and events of their inputs and outputs; see {@link MlmdObjects}). KFP's UI
 * server proxies {@code /ml_metadata.MetadataStoreService/*} to {@code METADATA_ENVOY_SERVICE_SERVICE_HOST:PORT}:
 * point that at runstore. Reads only, through the same gate as GetRun: in multi-user mode a caller reads only the MLMD
 * objects of runs in its namespaces (PERMISSION_DENIED otherwise). Unknown names and ids answer as ML Metadata does:
 * an empty context, an empty list, ids left out. Other MLMD methods answer UNIMPLEMENTED. While mlmd_object is
 * backfilled, and while the database cannot answer, every call answers HTTP 503 with Retry-After and UNAVAILABLE
 * (code 14, in the headers and the trailers frame), which gRPC-web clients report as UNAVAILABLE either way.
 */
@RestController
@Profile("query")
class MlmdGrpcWebController {

    /** The path prefix KFP's UI sends ML Metadata calls to. */
    static final String SERVICE = "/ml_metadata.MetadataStoreService/";

    /** Retry-After of the answer while mlmd_object is backfilled. */
    static final int BACKFILL_RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(MlmdGrpcWebController.class);

    private final MlmdReader reader;
    private final ReadGate gate;

    MlmdGrpcWebController(MlmdReader reader, ReadGate gate) {
        this.reader = reader;
        this.gate = gate;
    }

    /** Reads the body itself: Spring's converters fail on a wildcard content type before this can refuse it. */
    @PostMapping(SERVICE + "{method}")
    void call(HttpServletRequest request, HttpServletResponse response, @PathVariable String method)
            throws IOException {
        GrpcWeb.Mode mode = GrpcWeb.Mode.of(request.getContentType());
        if (mode == null) {
            throw QueryException.invalid("content type '" + request.getContentType() + "': ML Metadata is served "
                    + "over gRPC-web, application/grpc-web+proto or application/grpc-web-text+proto");
        }
        byte[] body = request.getInputStream().readAllBytes();
        byte[] answer;
        int status = 0;
        String message = null;
        int httpStatus = HttpServletResponse.SC_OK;
        QueryException refusal = null;
        try {
            Caller caller = gate.enter(request);
            if (!reader.ready()) {
                throw new QueryException(ErrorCode.UNAVAILABLE, "ML Metadata is not available yet: its table "
                        + "mlmd_object is being backfilled from the event log (runstore status shows how far); retry "
                        + "later", BACKFILL_RETRY_AFTER_SECONDS);
            }
            answer = answer(caller, method, GrpcWeb.requestMessage(mode, body))
                    .toByteArray();
        } catch (QueryException e) {
            answer = null;
            refusal = e;
        } catch (AccessRefused e) {
            answer = null;
            status = e.code().grpcCode();
            message = e.getMessage();
        } catch (GrpcWeb.MalformedRequest | InvalidProtocolBufferException e) {
            answer = null;
            status = ErrorCode.INVALID_ARGUMENT.grpcCode();
            message = "ML Metadata " + method + ": " + e.getMessage();
        } catch (RuntimeException e) {
            answer = null;
            refusal = QueryException.ofDatabase(e).orElse(null);
            if (refusal == null) {
                log.error("ML Metadata {} failed", method, e);
                status = ErrorCode.INTERNAL.grpcCode();
                message = "ML Metadata " + method + " failed: " + e.getMessage();
            } else {
                log.warn("ML Metadata {} failed: {}", method, e.toString());
            }
        }
        if (refusal != null) {
            status = refusal.code().grpcCode();
            message = refusal.getMessage();
            if (refusal.retryAfterSeconds() != null) {
                httpStatus = refusal.code().httpStatus();
                response.setHeader("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
                response.setHeader("grpc-status", String.valueOf(status));
                response.setHeader("grpc-message", GrpcWeb.percentEncode(message));
            }
        }
        response.setStatus(httpStatus);
        response.setContentType(mode.responseContentType());
        byte[] out = GrpcWeb.responseBody(mode, answer, status, message);
        response.setContentLength(out.length);
        response.getOutputStream().write(out);
    }

    private Message answer(Caller caller, String method, byte[] message) throws InvalidProtocolBufferException {
        return switch (method) {
            case "GetContextByTypeAndName" -> contextByTypeAndName(caller,
                    GetContextByTypeAndNameRequest.parseFrom(message));
            case "GetExecutionsByContext" -> GetExecutionsByContextResponse.newBuilder()
                    .addAllExecutions(runObjects(caller, GetExecutionsByContextRequest.parseFrom(message)
                            .getContextId()).map(RunObjects::executions).orElse(List.of()))
                    .build();
            case "GetArtifactsByContext" -> GetArtifactsByContextResponse.newBuilder()
                    .addAllArtifacts(runObjects(caller, GetArtifactsByContextRequest.parseFrom(message)
                            .getContextId()).map(RunObjects::artifacts).orElse(List.of()))
                    .build();
            case "GetEventsByExecutionIDs" -> eventsByExecutionIds(caller,
                    GetEventsByExecutionIDsRequest.parseFrom(message));
            case "GetArtifactTypes" -> {
                GetArtifactTypesRequest.parseFrom(message);
                yield GetArtifactTypesResponse.newBuilder().addAllArtifactTypes(MlmdObjects.artifactTypes()).build();
            }
            case "GetArtifactsByID" -> artifactsById(caller, GetArtifactsByIDRequest.parseFrom(message));
            default -> throw new QueryException(ErrorCode.UNIMPLEMENTED, "ML Metadata " + method
                    + " is not served by runstore (it serves GetContextByTypeAndName, GetExecutionsByContext, "
                    + "GetArtifactsByContext, GetEventsByExecutionIDs, GetArtifactTypes, GetArtifactsByID)");
        };
    }

    private GetContextByTypeAndNameResponse contextByTypeAndName(Caller caller, GetContextByTypeAndNameRequest request) {
        GetContextByTypeAndNameResponse.Builder response = GetContextByTypeAndNameResponse.newBuilder();
        if (!MlmdObjects.PIPELINE_RUN.equals(request.getTypeName())) {
            return response.build();
        }
        reader.runByName(request.getContextName()).ifPresent(run -> {
            caller.checkMayRead(run.namespace(), "run " + run.runId());
            response.setContext(MlmdObjects.context(run));
        });
        return response.build();
    }

    private Optional<RunObjects> runObjects(Caller caller, long contextId) {
        return reader.runByContextId(contextId).map(run -> {
            caller.checkMayRead(run.namespace(), "run " + run.runId());
            return new RunObjects(reader.tasks(run.runId()));
        });
    }

    private GetEventsByExecutionIDsResponse eventsByExecutionIds(Caller caller, GetEventsByExecutionIDsRequest request) {
        Set<Long> ids = new HashSet<>(request.getExecutionIdsList());
        GetEventsByExecutionIDsResponse.Builder response = GetEventsByExecutionIDsResponse.newBuilder();
        for (Map.Entry<String, Set<Long>> run : byRun(ids).entrySet()) {
            response.addAllEvents(readableRun(caller, run.getKey()).events(run.getValue()));
        }
        return response.build();
    }

    private GetArtifactsByIDResponse artifactsById(Caller caller, GetArtifactsByIDRequest request) {
        Map<Long, List<Long>> byExecution = new LinkedHashMap<>();
        for (long id : request.getArtifactIdsList()) {
            if (id > 0) {
                byExecution.computeIfAbsent(MlmdObjects.executionOfArtifact(id), k -> new ArrayList<>()).add(id);
            }
        }
        GetArtifactsByIDResponse.Builder response = GetArtifactsByIDResponse.newBuilder();
        for (Map.Entry<String, Set<Long>> run : byRun(byExecution.keySet()).entrySet()) {
            RunObjects objects = readableRun(caller, run.getKey());
            for (long execution : run.getValue()) {
                for (long id : byExecution.get(execution)) {
                    objects.artifact(id).ifPresent(response::addArtifacts);
                }
            }
        }
        return response.build();
    }

    /** Execution ids grouped by the run they belong to (ids of no execution left out), runs in id order. */
    private Map<String, Set<Long>> byRun(Set<Long> executionIds) {
        Map<String, Set<Long>> byRun = new LinkedHashMap<>();
        new TreeMap<>(reader.runsOfExecutions(executionIds)).forEach((execution, runId) ->
                byRun.computeIfAbsent(runId, k -> new TreeSet<>()).add(execution));
        return byRun;
    }

    private RunObjects readableRun(Caller caller, String runId) {
        RunRow run = reader.runByName(runId).orElseThrow(() ->
                new QueryException(ErrorCode.NOT_FOUND, "run " + runId + " not found"));
        caller.checkMayRead(run.namespace(), "run " + runId);
        return new RunObjects(reader.tasks(runId));
    }
}
