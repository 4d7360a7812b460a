package io.runstore.kfp.protos;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.util.JsonFormat;
import kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.PipelineTask;
import kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.UpdateTasksBulkRequest;
import org.junit.jupiter.api.Test;

/** The generated classes carry the contract the servers build on: services, methods and KFP's HTTP mapping. */
class GeneratedContractTest {

  private static HttpRule http(MethodDescriptor method) {
    return method.getOptions().getExtension(AnnotationsProto.http);
  }

  @Test
  void persistenceAgentCallsAreServicesOfKfpsProtos() {
    var v1 = api.ReportServiceGrpc.getServiceDescriptor();
    assertThat(v1.getName()).isEqualTo("api.ReportService");
    assertThat(http(api.Report.getDescriptor().findServiceByName("ReportService")
        .findMethodByName("ReportWorkflowV1")).getPost()).isEqualTo("/apis/v1beta1/workflows");
    var v2 = kubeflow.pipelines.backend.api.v2beta1.Report.getDescriptor()
        .findServiceByName("ReportService").findMethodByName("ReportWorkflow");
    assertThat(http(v2).getPost()).isEqualTo("/apis/v2beta1/workflows");
    assertThat(http(v2).getBody()).isEqualTo("workflow");
    var metrics = api.RunOuterClass.getDescriptor().findServiceByName("RunService")
        .findMethodByName("ReportRunMetricsV1");
    assertThat(http(metrics).getPost()).isEqualTo("/apis/v1beta1/runs/{run_id}:reportMetrics");
  }

  @Test
  void taskApiIsTheNextGenerationRunService() {
    var bulk = kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.getDescriptor()
        .findServiceByName("RunService").findMethodByName("UpdateTasksBulk");
    assertThat(http(bulk).getPost()).isEqualTo("/apis/v2beta1/runs/{run_id}/tasks:batchUpdate");
    assertThat(kubeflow.pipelines.backend.api.v2beta1.RunServiceGrpc.getFindCachedTaskMethod().getFullMethodName())
        .isEqualTo("kubeflow.pipelines.backend.api.v2beta1.RunService/FindCachedTask");
  }

  @Test
  void metadataStoreServiceIsGenerated() {
    assertThat(ml_metadata.MetadataStoreServiceGrpc.getGetArtifactsMethod().getFullMethodName())
        .isEqualTo("ml_metadata.MetadataStoreService/GetArtifacts");
  }

  @Test
  void messagesReadKfpsGatewayJson() throws Exception {
    var builder = UpdateTasksBulkRequest.newBuilder();
    JsonFormat.parser().merge("""
        {"run_id": "r-1", "tasks": {"t-1": {"task_id": "t-1", "state": "SUCCEEDED", "type": "RUNTIME"}}}""", builder);
    PipelineTask task = builder.getTasksOrThrow("t-1");
    assertThat(task.getState()).isEqualTo(PipelineTask.TaskState.SUCCEEDED);
    assertThat(task.getType()).isEqualTo(PipelineTask.TaskType.RUNTIME);
  }
}
