package io.runstore.command.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.runstore.api.ErrorCode;
import io.runstore.command.idempotency.IdempotencyKeyReused;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.database.DatabaseFailures;
import io.runstore.security.AccessRefused;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Answers a gRPC call with what a command returned, or with the status KFP's API server would give for its refusal:
 * the same codes as the HTTP answers ({@link ErrorCode#grpcCode()}). KFP's persistence agent treats InvalidArgument
 * and NotFound as permanent and retries the rest.
 */
final class GrpcCalls {

    private static final Logger log = LoggerFactory.getLogger(GrpcCalls.class);

    private GrpcCalls() {
    }

    static <T> void answer(StreamObserver<T> observer, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            observer.onError(status(e).asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    static Status status(RuntimeException e) {
        if (e instanceof CommandRejectedException rejected) {
            return of(rejected.code()).withDescription(rejected.getMessage());
        }
        if (e instanceof AccessRefused refused) {
            return of(refused.code()).withDescription(refused.getMessage());
        }
        if (e instanceof IdempotencyKeyReused reused) {
            return of(ErrorCode.IDEMPOTENCY_KEY_REUSED).withDescription(reused.getMessage());
        }
        if (e instanceof AggregateNotFoundException notFound) {
            return Status.NOT_FOUND.withDescription("run " + notFound.getAggregateIdentifier() + " not found");
        }
        if (DatabaseFailures.isUnavailable(e)) {
            log.warn("Database unavailable: {}", e.toString());
            return Status.UNAVAILABLE.withDescription("the database cannot be reached; retry later");
        }
        log.error("gRPC call failed", e);
        return Status.INTERNAL.withDescription("internal error: " + e.getClass().getSimpleName());
    }

    private static Status of(ErrorCode code) {
        return Status.fromCodeValue(code.grpcCode());
    }
}
