package io.runstore.command.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.security.AccessRefused;
import io.runstore.security.Caller;
import io.runstore.security.Callers;
import io.runstore.security.Role;
import io.runstore.security.RunNamespaces;

import java.util.Map;
import java.util.Optional;

/**
 * Authentication and authorization of the gRPC listener, as the HTTP chain does them: the caller from the metadata
 * ({@code authorization: Bearer <token>} or the auth proxy's header), refused UNAUTHENTICATED without one; each
 * method's rule below (deny by default: a method without one is PERMISSION_DENIED); a call on a run is checked against
 * the run's namespace from its creation event ({@link #origin}) before anything is written.
 */
final class GrpcAccess implements ServerInterceptor {

    /** What a method asks of its caller. */
    enum Rule {
        PUBLIC,
        /** EXECUTE in every namespace: the persistence agent's workflow reports. */
        EXECUTE_EVERYWHERE,
        /** EXECUTE in the run's namespace, checked by the service with {@link #origin} once it has the run id. */
        EXECUTE_IN_RUN
    }

    private static final Context.Key<Caller> CALLER = Context.key("runstore-caller");
    private static final Map<String, Rule> RULES = Map.of(
            api.HealthzServiceGrpc.SERVICE_NAME + "/GetHealthz", Rule.PUBLIC,
            kubeflow.pipelines.backend.api.v2beta1.HealthzServiceGrpc.SERVICE_NAME + "/GetHealthz", Rule.PUBLIC,
            api.ReportServiceGrpc.SERVICE_NAME + "/ReportWorkflowV1", Rule.EXECUTE_EVERYWHERE,
            api.ReportServiceGrpc.SERVICE_NAME + "/ReportScheduledWorkflowV1", Rule.EXECUTE_EVERYWHERE,
            kubeflow.pipelines.backend.api.v2beta1.ReportServiceGrpc.SERVICE_NAME + "/ReportWorkflow",
            Rule.EXECUTE_EVERYWHERE,
            kubeflow.pipelines.backend.api.v2beta1.ReportServiceGrpc.SERVICE_NAME + "/ReportScheduledWorkflow",
            Rule.EXECUTE_EVERYWHERE,
            api.RunServiceGrpc.SERVICE_NAME + "/ReportRunMetricsV1", Rule.EXECUTE_IN_RUN,
            kubeflow.pipelines.backend.api.v2beta1.RunServiceGrpc.SERVICE_NAME + "/CreateTask", Rule.EXECUTE_IN_RUN,
            kubeflow.pipelines.backend.api.v2beta1.RunServiceGrpc.SERVICE_NAME + "/UpdateTask", Rule.EXECUTE_IN_RUN,
            kubeflow.pipelines.backend.api.v2beta1.RunServiceGrpc.SERVICE_NAME + "/UpdateTasksBulk",
            Rule.EXECUTE_IN_RUN);

    private final Callers callers;
    private final RunNamespaces namespaces;

    GrpcAccess(Callers callers, RunNamespaces namespaces) {
        this.callers = callers;
        this.namespaces = namespaces;
    }

    static Optional<Rule> rule(String fullMethodName) {
        return Optional.ofNullable(RULES.get(fullMethodName));
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Optional<Rule> rule = rule(method);
        if (rule.isPresent() && rule.get() == Rule.PUBLIC) {
            return next.startCall(call, headers);
        }
        Optional<Caller> caller;
        try {
            caller = callers.identify(name -> headers.get(Metadata.Key.of(name.toLowerCase(),
                    Metadata.ASCII_STRING_MARSHALLER)));
        } catch (AccessRefused e) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription(e.getMessage()));
        }
        if (caller.isEmpty()) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("authentication required: send metadata "
                    + "'authorization: Bearer <token>'" + (callers.userHeader() == null ? ""
                    : " or '" + callers.userHeader().toLowerCase() + "' through the auth proxy")));
        }
        Caller who = caller.get();
        if (rule.isEmpty()) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription("no access rule for " + method
                    + ": refused until one is added"));
        }
        boolean allowed = switch (rule.get()) {
            case PUBLIC -> true;
            case EXECUTE_EVERYWHERE -> who.may(Role.EXECUTE, null);
            case EXECUTE_IN_RUN -> who.hasAnywhere(Role.EXECUTE);
        };
        if (!allowed) {
            return refuse(call, Status.PERMISSION_DENIED.withDescription(who.principal() + " needs the EXECUTE role"
                    + (rule.get() == Rule.EXECUTE_EVERYWHERE ? " in every namespace" : "") + " for " + method));
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, who), call, headers, next);
    }

    /**
     * The origin of a command on the run, once the caller is found to may report execution in the run's namespace
     * (PERMISSION_DENIED otherwise, before anything is written; an unknown run goes on to its NOT_FOUND).
     */
    CommandOrigin origin(String runId) {
        Caller caller = CALLER.get();
        if (caller == null) {
            throw AccessRefused.unauthenticated("no authenticated caller");
        }
        if (!caller.multiUser()) {
            return CommandOrigin.fresh();
        }
        Optional<String> namespace = namespaces.of(runId);
        namespace.ifPresent(ns -> caller.check(ns, "run " + runId, Role.EXECUTE));
        CommandOrigin fresh = CommandOrigin.fresh();
        return new CommandOrigin(fresh.commandId(), null, caller.principal(), namespace.orElse(null));
    }

    /** The origin of a report from the agent (authorized in every namespace by the rule). */
    CommandOrigin agentOrigin() {
        Caller caller = CALLER.get();
        CommandOrigin fresh = CommandOrigin.fresh();
        return caller == null || !caller.multiUser() ? fresh
                : new CommandOrigin(fresh.commandId(), null, caller.principal(), null);
    }

    private static <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
