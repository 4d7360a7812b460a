package io.runstore.api.healthz;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What KFP's {@code GetHealthz} answers, the same over HTTP and gRPC: the build ({@code commit_sha}, {@code tag_name}),
 * whether the server runs in multi-user mode, and where pipelines are stored ({@code database} for runstore). KFP's
 * SDK reads {@code multi_user} before anything else ({@code kfp.Client()}).
 *
 * @param commitSha     the commit the server was built from, {@code unknown} if not given
 * @param tagName       the server's version
 * @param multiUser     {@code runstore.auth.mode=multi-user}
 * @param pipelineStore KFP's {@code pipeline_store}: {@code database} (KFP's other value is {@code kubernetes})
 */
public record Healthz(String commitSha, String tagName, boolean multiUser, String pipelineStore) {

    public static final String DATABASE = "database";

    /** {@code /apis/v1beta1/healthz} as KFP's API server writes it. */
    public Map<String, Object> v1beta1() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commit_sha", commitSha);
        body.put("tag_name", tagName);
        body.put("multi_user", multiUser);
        return body;
    }

    /** {@code /apis/v2beta1/healthz}: v1beta1's fields and {@code pipeline_store}. */
    public Map<String, Object> v2beta1() {
        Map<String, Object> body = v1beta1();
        body.put("pipeline_store", pipelineStore);
        return body;
    }
}
