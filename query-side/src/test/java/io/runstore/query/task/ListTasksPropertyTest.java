package io.runstore.query.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.query.FixtureTask;
import io.runstore.query.QueryDatabases;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.query.listing.RawJson;
import io.runstore.readtables.EpochMicros;
import io.runstore.readtables.NameKey;
import io.runstore.testsupport.DatabaseKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random tasks in two runs (parents, types, states, ties in the time keys), random filters, order_by, parent_id and
 * page sizes: every page of ListTasks and its total_size equal a brute-force model, which compares names and display
 * names case-folded (names differing only by case are generated). Run once per database.
 */
abstract class ListTasksPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BASE = 1_700_000_000_000_000L;
    private static final List<String> STATES = List.of("RUNNING", "SUCCEEDED", "SKIPPED", "FAILED", "CACHED");
    private static final List<String> TYPES = List.of("ROOT", "RUNTIME", "DAG", "LOOP");
    private static final Map<String, Function<FixtureTask, Comparable<?>>> VALUES = Map.of(
            "task_id", FixtureTask::taskId, "name", task -> NameKey.of(task.name()),
            "display_name", task -> NameKey.of(task.displayName()),
            "parent_task_id", FixtureTask::parentTaskId, "type", FixtureTask::type, "state", FixtureTask::state,
            "cache_fingerprint", FixtureTask::cacheFingerprint, "create_time", FixtureTask::createTime,
            "end_time", FixtureTask::endTime);
    private static final List<String> KEYS = List.copyOf(VALUES.keySet());
    /** Keys compared whatever the case, as KFP's LOWER(column) comparisons do: the model folds their values. */
    private static final List<String> FOLDED = List.of("name", "display_name");

    abstract DatabaseKind kind();

    @Property(tries = 30)
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyPageEqualsTheModel(@ForAll long seed) throws Exception {
        QueryDatabases db = QueryDatabases.of(kind());
        Random random = new Random(seed);
        List<FixtureTask> tasks = new ArrayList<>();
        for (String runId : List.of("run-1", "run-2")) {
            int count = random.nextInt(30);
            for (int i = 0; i < count; i++) {
                tasks.add(new FixtureTask(runId, "t-" + random.nextInt(100000), "ns-a",
                        pick(random, List.of("step-", "STEP-", "Step-")) + random.nextInt(4),
                        pick(random, List.of("Step ", "step ", "STEP ")) + random.nextInt(4), i == 0 ? "" : "p-" + random.nextInt(3), pick(random, TYPES),
                        pick(random, STATES), random.nextBoolean() ? "" : "fp-" + random.nextInt(3),
                        BASE + random.nextInt(6) * 1_000_000L, random.nextBoolean() ? 0 : BASE + random.nextInt(9) * 1_000_000L));
            }
        }
        tasks = new ArrayList<>(tasks.stream().collect(java.util.stream.Collectors.toMap(
                task -> task.runId() + "/" + task.taskId(), task -> task, (a, b) -> a)).values());
        db.fixtures.clear();
        db.fixtures.insertTasks(tasks);
        TaskReader reader = new TaskReader(db.dsl, new PageTokens("k".getBytes(StandardCharsets.UTF_8)));

        for (int query = 0; query < 6; query++) {
            String parent = random.nextInt(3) == 0 ? "p-" + random.nextInt(3) : null;
            ArrayNode rendered = JSON.createArrayNode();
            Predicate<FixtureTask> model = task -> task.runId().equals("run-1")
                    && (parent == null || task.parentTaskId().equals(parent));
            for (int i = random.nextInt(3); i > 0; i--) {
                String key = pick(random, KEYS);
                String operation = pick(random, List.of("EQUALS", "NOT_EQUALS", "GREATER_THAN", "LESS_THAN_EQUALS",
                        "IN", "IS_SUBSTRING"));
                ObjectNode json = rendered.addObject().put("key", key);
                boolean time = key.endsWith("_time");
                if (time && (operation.equals("IN") || operation.equals("IS_SUBSTRING"))) {
                    operation = "GREATER_THAN";
                }
                json.put("operation", operation);
                Comparable value;
                if (time) {
                    long micros = BASE + random.nextInt(7) * 1_000_000L;
                    json.put("timestamp_value", EpochMicros.toInstant(micros).toString());
                    value = micros;
                } else {
                    String sent = random.nextBoolean() || tasks.isEmpty()
                            ? pick(random, List.of("", "p-1", "RUNNING", "step-2", "Step-2", "STEP 1", "fp-1", "1"))
                            : (String) VALUES.get(key).apply(pick(random, tasks));
                    if (FOLDED.contains(key) && random.nextBoolean()) {
                        sent = sent.toUpperCase(java.util.Locale.ROOT);
                    }
                    if (operation.equals("IN")) {
                        json.putObject("string_values").putArray("values").add(sent).add("DAG");
                    } else {
                        json.put("string_value", sent);
                    }
                    value = FOLDED.contains(key) ? NameKey.of(sent) : sent;
                }
                String op = operation;
                Comparable v = value;
                Function<FixtureTask, Comparable> get = (Function) VALUES.get(key);
                model = model.and(task -> switch (op) {
                    case "EQUALS" -> get.apply(task).equals(v);
                    case "NOT_EQUALS" -> !get.apply(task).equals(v);
                    case "GREATER_THAN" -> get.apply(task).compareTo(v) > 0;
                    case "LESS_THAN_EQUALS" -> get.apply(task).compareTo(v) <= 0;
                    case "IN" -> get.apply(task).equals(v)
                            || get.apply(task).equals(FOLDED.contains(key) ? NameKey.of("DAG") : "DAG");
                    default -> ((String) get.apply(task)).contains((String) v);
                });
            }
            String filter = rendered.isEmpty() ? null : JSON.createObjectNode().set("predicates", rendered).toString();
            String key = pick(random, KEYS);
            boolean descending = random.nextBoolean();
            String orderBy = random.nextInt(6) == 0 ? null : key + (descending ? " desc" : "");
            Comparator<FixtureTask> order = Comparator.comparing(
                    task -> (Comparable) VALUES.get(orderBy == null ? "create_time" : key).apply(task));
            order = order.thenComparing(FixtureTask::taskId);
            if (orderBy != null && descending) {
                order = order.reversed();
            }
            List<String> expected = tasks.stream().filter(model).sorted(order).map(FixtureTask::taskId).toList();
            int pageSize = 1 + random.nextInt(7);
            String described = "seed " + seed + " parent " + parent + " filter " + filter + " order_by " + orderBy;

            String token = null;
            int page = 0;
            do {
                ListTasksView answer = reader.list("run-1", parent, new Listing.Parameters(filter, orderBy, "order_by",
                        token), pageSize);
                List<String> ids = new ArrayList<>();
                for (RawJson task : answer.tasks()) {
                    JsonNode node = JSON.readTree(task.json());
                    ids.add(node.get("task_id").asText());
                }
                assertThat(ids).as(described + " page " + page).isEqualTo(expected.subList(
                        Math.min(page * pageSize, expected.size()), Math.min((page + 1) * pageSize, expected.size())));
                assertThat(answer.totalSize()).as(described + " total_size").isEqualTo(expected.size());
                token = answer.nextPageToken();
                page++;
            } while (token != null);
            assertThat(page).as(described + " pages").isEqualTo(Math.max(1, (expected.size() + pageSize - 1) / pageSize));
        }
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
