package io.runstore.command.grpc;

import api.RunOuterClass;
import api.RunOuterClass.ReportRunMetricsResponse.ReportRunMetricResult;
import api.RunServiceGrpc;
import io.grpc.stub.StreamObserver;
import io.runstore.api.StorableValues;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.Commands;
import io.runstore.command.run.MetricResult;
import io.runstore.command.run.MetricsWritten;
import io.runstore.command.run.ReportMetrics;
import io.runstore.command.run.ServerClock;
import io.runstore.events.metric.MetricFormat;
import io.runstore.events.metric.RunMetric;

import java.util.List;

/**
 * KFP v1beta1 {@code api.RunService}, the call the persistence agent makes: {@code ReportRunMetricsV1}, with the
 * rules of the HTTP {@code :reportMetrics} (one result per metric; the accepted ones are one event). The run calls of
 * v1beta1 are not served here (UNIMPLEMENTED): runstore's run API is v2beta1 over HTTP.
 */
class RunServiceV1 extends RunServiceGrpc.RunServiceImplBase {

    private final Commands commands;
    private final GrpcAccess access;

    RunServiceV1(Commands commands, GrpcAccess access) {
        this.commands = commands;
        this.access = access;
    }

    @Override
    public void reportRunMetricsV1(RunOuterClass.ReportRunMetricsRequest request,
                                   StreamObserver<RunOuterClass.ReportRunMetricsResponse> observer) {
        GrpcCalls.answer(observer, () -> {
            if (request.getRunId().isEmpty()) {
                throw CommandRejectedException.invalidArgument("run_id is required");
            }
            String problem = StorableValues.idProblem(request.getRunId());
            if (problem != null) {
                throw CommandRejectedException.invalidArgument("run_id: " + problem);
            }
            List<RunMetric> metrics = request.getMetricsList().stream()
                    .map(metric -> new RunMetric(metric.getNodeId(), metric.getName(), metric.getNumberValue(),
                            format(metric.getFormat())))
                    .toList();
            MetricsWritten written = commands.send(
                    new ReportMetrics(request.getRunId(), metrics, ServerClock.now()), access.origin(request.getRunId()));
            RunOuterClass.ReportRunMetricsResponse.Builder response = RunOuterClass.ReportRunMetricsResponse.newBuilder();
            for (MetricResult result : written.results()) {
                response.addResults(ReportRunMetricResult.newBuilder()
                        .setMetricName(nullToEmpty(result.metricName()))
                        .setMetricNodeId(nullToEmpty(result.metricNodeId()))
                        .setStatus(ReportRunMetricResult.Status.valueOf(result.status().name()))
                        .setMessage(nullToEmpty(result.message())));
            }
            return response.build();
        });
    }

    private static MetricFormat format(RunOuterClass.RunMetric.Format format) {
        return switch (format) {
            case RAW -> MetricFormat.RAW;
            case PERCENTAGE -> MetricFormat.PERCENTAGE;
            default -> MetricFormat.UNSPECIFIED;
        };
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
