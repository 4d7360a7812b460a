package io.runstore.bench.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.runstore.events.EventJson;
import io.runstore.events.run.PipelineVersionReference;
import io.runstore.events.run.RunCreated;
import io.runstore.events.task.TaskCreated;
import io.runstore.events.task.TaskDetails;
import io.runstore.events.task.TaskState;
import io.runstore.events.task.TaskType;
import io.runstore.events.task.TaskUpdated;
import io.runstore.eventstore.EventStoreSchema;
import io.runstore.eventstore.JooqEventStorageEngine;
import io.runstore.testsupport.TestDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The heap benchmark's runs written straight into the event log, as the commands would have written them (RunCreated;
 * per task TaskCreated with inputs, then TaskUpdated with outputs and SUCCEEDED), through the server's own storage
 * engine and serializer, 25 runs per transaction: much faster than the same events through HTTP on a loaded machine.
 * The server then loads each run into its cache with one command.
 */
final class HeapRunSeed {

    private static final int RUNS_PER_TRANSACTION = 25;

    /** A seeded run and one of its tasks. */
    record SeededRun(String runId, String taskId) {
    }

    private HeapRunSeed() {
    }

    static List<SeededRun> seed(TestDatabase database, int runs, int tasks, int bytes) {
        List<SeededRun> seeded = new ArrayList<>();
        Random random = new Random(1);
        Instant now = Instant.now();
        try (HikariDataSource dataSource = database.newDataSource(4)) {
            EventStoreSchema.migrate(dataSource, database.dialect());
            DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
            DSLContext dsl = DSL.using(new TransactionAwareDataSourceProxy(dataSource), database.dialect(),
                    new Settings().withExecuteLogging(false));
            Serializer serializer = JacksonSerializer.builder().objectMapper(EventJson.newObjectMapper()).build();
            try (JooqEventStorageEngine engine = JooqEventStorageEngine.builder().dsl(dsl)
                    .transactionManager(transactionManager).eventSerializer(serializer).snapshotSerializer(serializer)
                    .build()) {
                engine.start();
                TransactionTemplate transactions = new TransactionTemplate(transactionManager);
                for (int from = 0; from < runs; from += RUNS_PER_TRANSACTION) {
                    List<DomainEventMessage<?>> messages = new ArrayList<>();
                    for (int i = from; i < Math.min(runs, from + RUNS_PER_TRANSACTION); i++) {
                        String runId = UUID.randomUUID().toString();
                        List<Object> events = new ArrayList<>();
                        events.add(new RunCreated(runId, "", null, "heap " + i, "",
                                new PipelineVersionReference("heap", null), null, null, "", "", null, now, now));
                        String firstTask = null;
                        for (int t = 0; t < tasks; t++) {
                            String taskId = UUID.randomUUID().toString();
                            firstTask = firstTask == null ? taskId : firstTask;
                            events.add(new TaskCreated(runId, taskId, new TaskDetails("task-" + t, null, null,
                                    TaskType.RUNTIME, null, TaskState.RUNNING, null, null, now, null, null,
                                    parameters(random, bytes), null, null, null), now));
                        }
                        int created = events.size();
                        for (int t = 1; t < created; t++) {
                            String taskId = ((TaskCreated) events.get(t)).taskId();
                            events.add(new TaskUpdated(runId, taskId, new TaskDetails(null, null, null, null, null,
                                    TaskState.SUCCEEDED, null, null, null, now, null, null,
                                    parameters(random, bytes), null, null), now));
                        }
                        for (int seq = 0; seq < events.size(); seq++) {
                            messages.add(new GenericDomainEventMessage<>("Run", runId, seq, events.get(seq)));
                        }
                        seeded.add(new SeededRun(runId, firstTask));
                    }
                    transactions.executeWithoutResult(status -> engine.appendEvents(messages));
                    if ((from + RUNS_PER_TRANSACTION) % 1000 == 0) {
                        System.err.printf("%s: %,d runs seeded%n", Instant.now(), from + RUNS_PER_TRANSACTION);
                    }
                }
                while (engine.sequencePending() > 0) {
                    // numbers every committed event
                }
            }
        }
        return seeded;
    }

    /** KFP-shaped {@code {"parameters": {"name": {"value": ...}}}} of about {@code bytes} bytes, random text. */
    static ObjectNode parameters(Random random, int bytes) {
        ObjectNode io = JsonNodeFactory.instance.objectNode();
        ObjectNode parameters = io.putObject("parameters");
        int size = 20;
        for (int p = 0; size < bytes; p++) {
            StringBuilder value = new StringBuilder();
            for (int c = 0; c < 48; c++) {
                value.append((char) ('a' + random.nextInt(26)));
            }
            parameters.putObject("param_" + p).put("value", value.toString());
            size += ("param_" + p).length() + value.length() + 16;
        }
        return io;
    }
}
