package io.runstore.testsupport.kfp;

import java.util.List;

/**
 * KFP's tables on PostgreSQL as gorm creates them (quoted CamelCase identifiers, Go strings as text), and the
 * PostgreSQL rendering of KFP's statements: {@code string_agg}, and GROUP BY listing every carried column, since
 * PostgreSQL accepts no unaggregated column that is not grouped.
 */
final class KfpPostgresSql extends KfpSql {

    @Override
    List<String> createTables() {
        return List.of("""
                CREATE TABLE run_details (
                    "UUID" varchar(191) NOT NULL, "DisplayName" text NOT NULL, "Name" text NOT NULL,
                    "Description" text NOT NULL, "Namespace" varchar(63) NOT NULL, "ExperimentUUID" varchar(64) NOT NULL,
                    "JobUUID" text, "StorageState" text NOT NULL, "ServiceAccount" text NOT NULL, "PipelineId" text,
                    "PipelineVersionId" text, "PipelineName" text, "PipelineSpecManifest" text,
                    "WorkflowSpecManifest" text, "Parameters" text, "RuntimeParameters" text, "PipelineRoot" text,
                    "CreatedAtInSec" bigint NOT NULL, "ScheduledAtInSec" bigint DEFAULT 0,
                    "FinishedAtInSec" bigint DEFAULT 0, "Conditions" varchar(125) NOT NULL, "State" text,
                    "StateHistory" text, "PluginsInput" text, "PluginsOutput" text,
                    "PipelineRuntimeManifest" text NOT NULL, "WorkflowRuntimeManifest" text NOT NULL,
                    "PipelineContextId" bigint DEFAULT 0, "PipelineRunContextId" bigint DEFAULT 0,
                    "RetryGeneration" bigint DEFAULT 0, "RetryClaimedAtInSec" bigint DEFAULT 0,
                    "ArchivedAtInSec" bigint DEFAULT 0,
                    PRIMARY KEY ("UUID"))""", """
                CREATE TABLE resource_references (
                    "ResourceUUID" varchar(191) NOT NULL, "ResourceType" varchar(64) NOT NULL,
                    "ReferenceUUID" varchar(191) NOT NULL, "ReferenceName" text NOT NULL,
                    "ReferenceType" varchar(64) NOT NULL, "Relationship" text NOT NULL, "Payload" text NOT NULL,
                    PRIMARY KEY ("ResourceUUID", "ResourceType", "ReferenceType"))""", """
                CREATE TABLE tasks (
                    "UUID" varchar(191) NOT NULL, "Namespace" text NOT NULL, "PipelineName" text NOT NULL,
                    "RunUUID" varchar(191) NOT NULL, "PodName" text NOT NULL, "MLMDExecutionID" text NOT NULL,
                    "CreatedTimestamp" bigint NOT NULL, "StartedTimestamp" bigint DEFAULT 0,
                    "FinishedTimestamp" bigint DEFAULT 0, "Fingerprint" text NOT NULL, "Name" text,
                    "ParentTaskUUID" text, "State" text, "StateHistory" text, "MLMDInputs" text, "MLMDOutputs" text,
                    "ChildrenPods" text, "Payload" text,
                    PRIMARY KEY ("UUID"))""", """
                CREATE TABLE run_metrics (
                    "RunUUID" varchar(191) NOT NULL, "NodeID" varchar(191) NOT NULL, "Name" varchar(191) NOT NULL,
                    "NumberValue" double precision, "Format" text, "Payload" text NOT NULL,
                    PRIMARY KEY ("RunUUID", "NodeID", "Name"))""", """
                CREATE TABLE experiments (
                    "UUID" varchar(191) NOT NULL, "Name" text NOT NULL, "Description" text NOT NULL,
                    "CreatedAtInSec" bigint NOT NULL, "Namespace" varchar(63) NOT NULL, "StorageState" text NOT NULL,
                    "LastRunCreatedAtInSec" bigint DEFAULT 0,
                    PRIMARY KEY ("UUID"), UNIQUE ("Name", "Namespace"))""");
    }

    @Override
    List<String> createIndexes() {
        return List.of(
                "CREATE INDEX experimentuuid_createatinsec ON run_details (\"ExperimentUUID\", \"CreatedAtInSec\")",
                "CREATE INDEX experimentuuid_conditions_finishedatinsec ON run_details (\"ExperimentUUID\", \"Conditions\", \"FinishedAtInSec\")",
                "CREATE INDEX namespace_createatinsec ON run_details (\"Namespace\", \"CreatedAtInSec\")",
                "CREATE INDEX namespace_conditions_finishedatinsec ON run_details (\"Namespace\", \"Conditions\", \"FinishedAtInSec\")",
                "CREATE INDEX referencefilter ON resource_references (\"ResourceType\", \"ReferenceUUID\", \"ReferenceType\")",
                "CREATE INDEX tasks_runuuid ON tasks (\"RunUUID\")");
    }

    @Override
    List<String> analyzeTables() {
        return List.of("VACUUM ANALYZE run_details", "VACUUM ANALYZE resource_references", "VACUUM ANALYZE tasks",
                "VACUUM ANALYZE run_metrics");
    }

    @Override
    public String connectionInitSql() {
        return null;
    }

    @Override
    String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    @Override
    String jsonArrayOf(String payloadColumn) {
        return "'[' || COALESCE(string_agg(" + payloadColumn + ", ','), '') || ']'";
    }

    @Override
    String groupBy(String key, List<String> carried) {
        return String.join(", ", carried);
    }
}
