package io.runstore.server.config;

import io.runstore.command.experiment.ExperimentRuns;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import static io.runstore.readtables.schema.Tables.RUN_LIST;

/**
 * What archiving an experiment needs of the read tables: its runs that are not archived (index
 * ix_run_list_exp_created). Wired here because the command side does not read the read tables itself.
 */
@Configuration(proxyBeanMethods = false)
@Profile("command")
class ExperimentRunsConfig {

    @Bean
    ExperimentRuns experimentRuns(DSLContext dsl) {
        return experimentId -> dsl.select(RUN_LIST.RUN_ID).from(RUN_LIST)
                .where(RUN_LIST.EXPERIMENT_ID.eq(experimentId)).and(RUN_LIST.STORAGE_STATE.eq("AVAILABLE"))
                .fetch(RUN_LIST.RUN_ID);
    }
}
