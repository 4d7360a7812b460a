package io.runstore.command.grpc;

import io.grpc.BindableService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.runstore.api.healthz.Healthz;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.command.run.Commands;
import io.runstore.command.web.TaskRequests;
import io.runstore.command.workflow.WorkflowReports;
import io.runstore.security.AuthProperties;
import io.runstore.security.Callers;
import io.runstore.security.RunNamespaces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC listener of the command role, where KFP's persistence agent and executors send what they send to KFP's
 * API server on port 8887: ReportService (v1beta1 and v2beta1), RunService's ReportRunMetricsV1 (v1beta1) and
 * task calls (v2beta1: CreateTask, UpdateTask, UpdateTasksBulk), and HealthzService (from the same {@link Healthz} as
 * the HTTP healthz). Port {@code runstore.grpc.port} (default 8887, 0 for any free port); a message may be as large as
 * an HTTP write request ({@code runstore.command.max-request-size}). Every call is authenticated and authorized as
 * the HTTP API's are ({@link GrpcAccess}).
 */
@Component
@Profile("command")
public class GrpcServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GrpcServer.class);

    private final int configuredPort;
    private final int maxMessageSize;
    private final List<BindableService> services;
    private final GrpcAccess access;
    private volatile Server server;

    GrpcServer(@Value("${runstore.grpc.port:8887}") int port,
               @Value("${runstore.command.max-request-size:8MB}") DataSize maxMessageSize,
               WorkflowReports reports, Commands commands, TaskRequests taskRequests, ObjectMapper json,
               ObjectProvider<Healthz> healthz, AuthProperties auth, ObjectProvider<RunNamespaces> namespaces) {
        this.configuredPort = port;
        this.maxMessageSize = Math.toIntExact(maxMessageSize.toBytes());
        this.access = new GrpcAccess(new Callers(auth), namespaces.getIfAvailable(() -> id -> {
            throw new IllegalStateException("this process has no event store to look up namespaces in");
        }));
        List<BindableService> services = new ArrayList<>(List.of(new ReportServiceV1(reports, access),
                new ReportServiceV2(reports, access), new RunServiceV1(commands, access),
                new RunServiceV2(commands, taskRequests, json, access)));
        healthz.ifAvailable(info -> services.addAll(HealthzServices.of(info)));
        this.services = List.copyOf(services);
    }

    @Override
    public void start() {
        ServerBuilder<?> builder = Grpc.newServerBuilderForPort(configuredPort, InsecureServerCredentials.create())
                .maxInboundMessageSize(maxMessageSize);
        services.forEach(service -> builder.addService(ServerInterceptors.intercept(service, access)));
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for gRPC on port " + configuredPort, e);
        }
        log.info("gRPC listening on port {}", server.getPort());
    }

    @Override
    public void stop() {
        Server running = server;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port the listener is bound to (the chosen one when configured as 0). */
    public int port() {
        Server running = server;
        if (running == null) {
            throw new IllegalStateException("the gRPC listener is not running");
        }
        return running.getPort();
    }
}
