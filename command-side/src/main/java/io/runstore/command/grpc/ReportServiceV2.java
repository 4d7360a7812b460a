package io.runstore.command.grpc;

import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import io.runstore.command.workflow.WorkflowReports;
import kubeflow.pipelines.backend.api.v2beta1.Report;
import kubeflow.pipelines.backend.api.v2beta1.ReportServiceGrpc;

/** KFP v2beta1 {@code ReportService}: the same reports as v1beta1 under the v2beta1 names. */
class ReportServiceV2 extends ReportServiceGrpc.ReportServiceImplBase {

    private final WorkflowReports reports;
    private final GrpcAccess access;

    ReportServiceV2(WorkflowReports reports, GrpcAccess access) {
        this.reports = reports;
        this.access = access;
    }

    @Override
    public void reportWorkflow(Report.ReportWorkflowRequest request, StreamObserver<Empty> observer) {
        GrpcCalls.answer(observer, () -> {
            reports.reportWorkflow(request.getWorkflow(), access.agentOrigin());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void reportScheduledWorkflow(Report.ReportScheduledWorkflowRequest request,
                                        StreamObserver<Empty> observer) {
        GrpcCalls.answer(observer, () -> {
            reports.reportScheduledWorkflow(request.getScheduledWorkflow());
            return Empty.getDefaultInstance();
        });
    }
}
