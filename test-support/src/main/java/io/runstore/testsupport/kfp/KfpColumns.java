package io.runstore.testsupport.kfp;

import java.util.List;

/**
 * Column names of KFP's normalized run tables, as KFP's gorm models declare them (backend/src/apiserver/model:
 * {@code Run} with its embedded {@code PipelineSpec} and {@code RunDetails}, {@code ResourceReference}, the 2.x
 * {@code Task}, {@code RunMetric}).
 */
final class KfpColumns {

    /** The 32 columns of run_details, every one of which KFP's ListRuns carries through its query. */
    static final List<String> RUN_DETAILS = List.of(
            "UUID", "DisplayName", "Name", "Description", "Namespace", "ExperimentUUID", "JobUUID", "StorageState",
            "ServiceAccount", "PipelineId", "PipelineVersionId", "PipelineName", "PipelineSpecManifest",
            "WorkflowSpecManifest", "Parameters", "RuntimeParameters", "PipelineRoot", "CreatedAtInSec",
            "ScheduledAtInSec", "FinishedAtInSec", "Conditions", "State", "StateHistory", "PluginsInput",
            "PluginsOutput", "PipelineRuntimeManifest", "WorkflowRuntimeManifest", "PipelineContextId",
            "PipelineRunContextId", "RetryGeneration", "RetryClaimedAtInSec", "ArchivedAtInSec");

    static final List<String> RESOURCE_REFERENCES = List.of(
            "ResourceUUID", "ResourceType", "ReferenceUUID", "ReferenceName", "ReferenceType", "Relationship", "Payload");

    static final List<String> TASKS = List.of(
            "UUID", "Namespace", "PipelineName", "RunUUID", "PodName", "MLMDExecutionID", "CreatedTimestamp",
            "StartedTimestamp", "FinishedTimestamp", "Fingerprint", "Name", "ParentTaskUUID", "State", "StateHistory",
            "MLMDInputs", "MLMDOutputs", "ChildrenPods", "Payload");

    static final List<String> RUN_METRICS = List.of("RunUUID", "NodeID", "Name", "NumberValue", "Format", "Payload");

    static final List<String> EXPERIMENTS = List.of(
            "UUID", "Name", "Description", "CreatedAtInSec", "Namespace", "StorageState", "LastRunCreatedAtInSec");

    private KfpColumns() {
    }
}
