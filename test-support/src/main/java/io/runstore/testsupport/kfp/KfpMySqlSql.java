package io.runstore.testsupport.kfp;

import java.util.List;

/**
 * KFP's tables on MySQL/MariaDB as KFP creates them (utf8mb4, the default collation, longtext for large texts), and
 * the MySQL rendering of KFP's statements: {@code GROUP_CONCAT}, GROUP BY on the run's UUID alone (MySQL lets the
 * carried columns through), and the {@code group_concat_max_len} KFP's connections set (4 MiB, its default).
 */
final class KfpMySqlSql extends KfpSql {

    @Override
    List<String> createTables() {
        return List.of("""
                CREATE TABLE run_details (
                    UUID varchar(191) NOT NULL, DisplayName varchar(255) NOT NULL, Name varchar(255) NOT NULL,
                    Description longtext NOT NULL, Namespace varchar(63) NOT NULL, ExperimentUUID varchar(64) NOT NULL,
                    JobUUID varchar(255) DEFAULT NULL, StorageState varchar(255) NOT NULL,
                    ServiceAccount varchar(255) NOT NULL, PipelineId varchar(255) DEFAULT NULL,
                    PipelineVersionId varchar(255) DEFAULT NULL, PipelineName varchar(255) DEFAULT NULL,
                    PipelineSpecManifest longtext, WorkflowSpecManifest longtext, Parameters longtext,
                    RuntimeParameters longtext, PipelineRoot longtext, CreatedAtInSec bigint NOT NULL,
                    ScheduledAtInSec bigint DEFAULT 0, FinishedAtInSec bigint DEFAULT 0,
                    Conditions varchar(125) NOT NULL, State varchar(255) DEFAULT NULL, StateHistory longtext,
                    PluginsInput longtext, PluginsOutput longtext, PipelineRuntimeManifest longtext NOT NULL,
                    WorkflowRuntimeManifest longtext NOT NULL, PipelineContextId bigint DEFAULT 0,
                    PipelineRunContextId bigint DEFAULT 0, RetryGeneration bigint DEFAULT 0,
                    RetryClaimedAtInSec bigint DEFAULT 0, ArchivedAtInSec bigint DEFAULT 0,
                    PRIMARY KEY (UUID)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""", """
                CREATE TABLE resource_references (
                    ResourceUUID varchar(191) NOT NULL, ResourceType varchar(64) NOT NULL,
                    ReferenceUUID varchar(191) NOT NULL, ReferenceName varchar(255) NOT NULL,
                    ReferenceType varchar(64) NOT NULL, Relationship varchar(255) NOT NULL, Payload longtext NOT NULL,
                    PRIMARY KEY (ResourceUUID, ResourceType, ReferenceType)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""", """
                CREATE TABLE tasks (
                    UUID varchar(191) NOT NULL, Namespace varchar(255) NOT NULL, PipelineName varchar(255) NOT NULL,
                    RunUUID varchar(191) NOT NULL, PodName varchar(255) NOT NULL, MLMDExecutionID varchar(255) NOT NULL,
                    CreatedTimestamp bigint NOT NULL, StartedTimestamp bigint DEFAULT 0,
                    FinishedTimestamp bigint DEFAULT 0, Fingerprint varchar(255) NOT NULL, Name varchar(255) DEFAULT NULL,
                    ParentTaskUUID varchar(255) DEFAULT NULL, State varchar(255) DEFAULT NULL, StateHistory longtext,
                    MLMDInputs longtext, MLMDOutputs longtext, ChildrenPods longtext, Payload longtext,
                    PRIMARY KEY (UUID)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""", """
                CREATE TABLE run_metrics (
                    RunUUID varchar(191) NOT NULL, NodeID varchar(191) NOT NULL, Name varchar(191) NOT NULL,
                    NumberValue double DEFAULT NULL, Format varchar(255) DEFAULT NULL, Payload longtext NOT NULL,
                    PRIMARY KEY (RunUUID, NodeID, Name)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""", """
                CREATE TABLE experiments (
                    UUID varchar(191) NOT NULL, Name varchar(128) NOT NULL, Description varchar(255) NOT NULL,
                    CreatedAtInSec bigint NOT NULL, Namespace varchar(63) NOT NULL, StorageState varchar(255) NOT NULL,
                    LastRunCreatedAtInSec bigint DEFAULT 0,
                    PRIMARY KEY (UUID), UNIQUE KEY idx_name_namespace (Name, Namespace)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""");
    }

    @Override
    List<String> createIndexes() {
        return List.of(
                "CREATE INDEX experimentuuid_createatinsec ON run_details (ExperimentUUID, CreatedAtInSec)",
                "CREATE INDEX experimentuuid_conditions_finishedatinsec ON run_details (ExperimentUUID, Conditions, FinishedAtInSec)",
                "CREATE INDEX namespace_createatinsec ON run_details (Namespace, CreatedAtInSec)",
                "CREATE INDEX namespace_conditions_finishedatinsec ON run_details (Namespace, Conditions, FinishedAtInSec)",
                "CREATE INDEX referencefilter ON resource_references (ResourceType, ReferenceUUID, ReferenceType)",
                "CREATE INDEX tasks_RunUUID_run_details_UUID_foreign ON tasks (RunUUID)");
    }

    @Override
    List<String> analyzeTables() {
        return List.of("ANALYZE TABLE run_details, resource_references, tasks, run_metrics");
    }

    @Override
    public String connectionInitSql() {
        return "SET SESSION group_concat_max_len = 4194304";
    }

    @Override
    String quote(String identifier) {
        return identifier;
    }

    @Override
    String jsonArrayOf(String payloadColumn) {
        return "CONCAT('[', COALESCE(GROUP_CONCAT(" + payloadColumn + " SEPARATOR ','), ''), ']')";
    }

    @Override
    String groupBy(String key, List<String> carried) {
        return key;
    }
}
