package io.runstore.command.grpc;

import api.Report;
import api.ReportServiceGrpc;
import com.google.protobuf.Empty;
import io.grpc.stub.StreamObserver;
import io.runstore.command.workflow.WorkflowReports;

/** KFP v1beta1 {@code api.ReportService}: what the persistence agent calls on every workflow change and resync. */
class ReportServiceV1 extends ReportServiceGrpc.ReportServiceImplBase {

    private final WorkflowReports reports;
    private final GrpcAccess access;

    ReportServiceV1(WorkflowReports reports, GrpcAccess access) {
        this.reports = reports;
        this.access = access;
    }

    @Override
    public void reportWorkflowV1(Report.ReportWorkflowRequest request, StreamObserver<Empty> observer) {
        GrpcCalls.answer(observer, () -> {
            reports.reportWorkflow(request.getWorkflow(), access.agentOrigin());
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public void reportScheduledWorkflowV1(Report.ReportScheduledWorkflowRequest request,
                                          StreamObserver<Empty> observer) {
        GrpcCalls.answer(observer, () -> {
            reports.reportScheduledWorkflow(request.getScheduledWorkflow());
            return Empty.getDefaultInstance();
        });
    }
}
