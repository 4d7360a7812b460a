package io.runstore.command.grpc;

import com.google.protobuf.Empty;
import io.grpc.BindableService;
import io.grpc.stub.StreamObserver;
import io.runstore.api.healthz.Healthz;

import java.util.List;

/**
 * KFP's HealthzService over gRPC (v1beta1 and v2beta1), answered from the same {@link Healthz} as
 * {@code GET /apis/v{1,2}beta1/healthz}: the messages carry what KFP's protos have of it ({@code multi_user}, and
 * {@code pipeline_store} in v2beta1).
 */
final class HealthzServices {

    private HealthzServices() {
    }

    static List<BindableService> of(Healthz healthz) {
        return List.of(new V1(healthz), new V2(healthz));
    }

    private static final class V1 extends api.HealthzServiceGrpc.HealthzServiceImplBase {

        private final Healthz healthz;

        V1(Healthz healthz) {
            this.healthz = healthz;
        }

        @Override
        public void getHealthz(Empty request, StreamObserver<api.Healthz.GetHealthzResponse> observer) {
            GrpcCalls.answer(observer, () -> api.Healthz.GetHealthzResponse.newBuilder()
                    .setMultiUser(healthz.multiUser()).build());
        }
    }

    private static final class V2
            extends kubeflow.pipelines.backend.api.v2beta1.HealthzServiceGrpc.HealthzServiceImplBase {

        private final Healthz healthz;

        V2(Healthz healthz) {
            this.healthz = healthz;
        }

        @Override
        public void getHealthz(Empty request,
                               StreamObserver<kubeflow.pipelines.backend.api.v2beta1.Healthz.GetHealthzResponse> observer) {
            GrpcCalls.answer(observer, () -> kubeflow.pipelines.backend.api.v2beta1.Healthz.GetHealthzResponse
                    .newBuilder().setMultiUser(healthz.multiUser()).setPipelineStore(healthz.pipelineStore()).build());
        }
    }
}
