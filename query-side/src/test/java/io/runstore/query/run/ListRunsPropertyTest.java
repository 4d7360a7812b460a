package io.runstore.query.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runstore.query.FixtureRun;
import io.runstore.query.QueryDatabases;
import io.runstore.query.listing.Listing;
import io.runstore.query.listing.PageTokens;
import io.runstore.readtables.EpochMicros;
import io.runstore.testsupport.DatabaseKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random runs (scopes, states, ties in every sort key, metrics), random filters over every key, operation and value
 * kind (legacy camelCase keys included), random sorts and page sizes: every page of ListRuns, its total_size and
 * where pages end equal a brute-force model. Run once per database.
 */
abstract class ListRunsPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BASE = 1_700_000_000_000_000L;
    private static final List<String> STATES = List.of("PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED", "SKIPPED");
    // names that differ only by case: ties of the name sort, equal under name filters
    private static final List<String> NAMES = List.of("train", "Train-2", "eval", "eval_%", "a", "train eval", "TRAIN",
            "Eval", "train-2");
    private static final List<String> DESCRIPTIONS = List.of("", "nightly", "adhoc 50%", "Nightly");
    private static final List<String> SORT_KEYS = List.of("run_id", "display_name", "description", "created_at",
            "finished_at", "scheduled_at", "state", "storage_state", "experiment_id", "namespace", "recurring_run_id",
            "pipeline_id", "pipeline_version_id", "name", "metric:accuracy", "metric:loss");
    private static final String[][] EXPERIMENTS = {{"ns-a", "exp-1"}, {"ns-a", "exp-2"}, {"ns-b", "exp-3"}};

    abstract DatabaseKind kind();

    @Property(tries = 40)
    void everyPageEqualsTheModel(@ForAll long seed) throws Exception {
        QueryDatabases db = QueryDatabases.of(kind());
        Random random = new Random(seed);
        List<FixtureRun> runs = runs(random);
        db.fixtures.clear();
        db.fixtures.insertRuns(runs);
        RunLister lister = new RunLister(db.dsl, new PageTokens("k".getBytes(StandardCharsets.UTF_8)));

        for (int query = 0; query < 6; query++) {
            RunScope scope = scope(random);
            List<RunModel.ModelPredicate> predicates = new ArrayList<>();
            ArrayNode rendered = JSON.createArrayNode();
            int count = random.nextInt(4);
            for (int i = 0; i < count; i++) {
                predicate(random, runs, predicates, rendered);
            }
            String filter = count == 0 && random.nextBoolean() ? null
                    : JSON.createObjectNode().set("predicates", rendered).toString();
            String sortKey = SORT_KEYS.get(random.nextInt(SORT_KEYS.size()));
            int direction = random.nextInt(3);
            String sort = random.nextInt(8) == 0 ? null : sortKey + (direction == 0 ? "" : direction == 1 ? " asc" : " desc");
            int pageSize = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(8);
            String metric = sort != null && sortKey.startsWith("metric:") ? sortKey.substring(7) : null;
            String modelKey = sort == null ? "created_at" : sortKey.equals("name") ? "display_name" : sortKey;
            List<FixtureRun> expected = RunModel.expected(runs, scope, predicates, modelKey, metric,
                    sort != null && direction == 2);
            String described = "seed " + seed + " scope " + scope + " filter " + filter + " sort " + sort
                    + " page_size " + pageSize;

            int size = pageSize == 0 ? 20 : pageSize;
            String token = null;
            int page = 0;
            do {
                boolean repeat = token == null || random.nextBoolean();
                ListRunsView answer = lister.list(scope, new Listing.Parameters(repeat ? filter : null,
                        repeat ? sort : null, "sort_by", token), pageSize, RunViewMode.DEFAULT);
                List<String> want = expected.subList(Math.min(page * size, expected.size()),
                        Math.min((page + 1) * size, expected.size())).stream().map(FixtureRun::runId).toList();
                assertThat(answer.runs()).extracting(RunView::runId).as(described + " page " + page).isEqualTo(want);
                assertThat(answer.totalSize()).as(described + " total_size").isEqualTo(expected.size());
                token = answer.nextPageToken();
                assertThat(token != null).as(described + " next_page_token on page " + page)
                        .isEqualTo((page + 1) * size < expected.size());
                page++;
            } while (token != null);
        }
    }

    private static RunScope scope(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> RunScope.namespace("ns-a");
            case 1 -> RunScope.namespace("ns-b");
            case 2 -> RunScope.experiment("exp-1");
            case 3 -> RunScope.experiment("exp-3");
            default -> RunScope.all();
        };
    }

    private static List<FixtureRun> runs(Random random) {
        int count = random.nextInt(45);
        Set<String> ids = new HashSet<>();
        List<FixtureRun> runs = new ArrayList<>();
        while (runs.size() < count) {
            String id = "r-" + random.nextInt(1000);
            if (!ids.add(id)) {
                continue;
            }
            String[] experiment = EXPERIMENTS[random.nextInt(EXPERIMENTS.length)];
            String state = pick(random, STATES);
            Map<String, Double> metrics = new HashMap<>();
            if (random.nextBoolean()) {
                metrics.put("accuracy", random.nextInt(5) / 4.0);
            }
            if (random.nextInt(3) == 0) {
                metrics.put("loss", random.nextInt(3) * 0.1 - 0.1);
            }
            runs.add(new FixtureRun(id, experiment[0], experiment[1], pick(random, NAMES), pick(random, DESCRIPTIONS),
                    state, random.nextInt(5) == 0 ? "ARCHIVED" : "AVAILABLE",
                    BASE + random.nextInt(8) * 1_000_000L,
                    random.nextBoolean() ? 0 : BASE + random.nextInt(8) * 1_000_000L,
                    random.nextBoolean() ? 0 : BASE + random.nextInt(8) * 1_000_000L + 500,
                    random.nextBoolean() ? "" : "rr-1", random.nextBoolean() ? "p-1" : "p-2", metrics));
        }
        return runs;
    }

    /** Adds one random predicate to the model and its JSON rendering (snake_case or legacy camelCase). */
    private static void predicate(Random random, List<FixtureRun> runs, List<RunModel.ModelPredicate> model,
                                  ArrayNode rendered) {
        ObjectNode json = rendered.addObject();
        boolean camel = random.nextBoolean();
        String[] operations = {"EQUALS", "NOT_EQUALS", "GREATER_THAN", "GREATER_THAN_EQUALS", "LESS_THAN",
                "LESS_THAN_EQUALS", "IN", "IS_SUBSTRING"};
        switch (random.nextInt(4)) {
            case 0 -> { // timestamps: RFC 3339, or epoch seconds as int_value / long_value
                String key = pick(random, List.of("created_at", "finished_at", "scheduled_at"));
                String operation = operations[random.nextInt(6)];
                long seconds = BASE / 1_000_000 + random.nextInt(9) - 1;
                json.put("key", key).put("operation", operation);
                switch (random.nextInt(3)) {
                    case 0 -> json.put(camel ? "timestampValue" : "timestamp_value",
                            EpochMicros.toInstant(seconds * 1_000_000).toString());
                    case 1 -> json.put(camel ? "longValue" : "long_value", Long.toString(seconds));
                    default -> json.put(camel ? "intValue" : "int_value", (int) seconds);
                }
                model.add(new RunModel.ModelPredicate(key, operation, List.of(seconds * 1_000_000)));
            }
            case 1 -> { // storage_state and state, the indexed ones
                String key = random.nextBoolean() ? "storage_state" : "state";
                List<String> domain = key.equals("state") ? STATES : List.of("AVAILABLE", "ARCHIVED");
                String operation = pick(random, List.of("EQUALS", "NOT_EQUALS", "IN", "EQUALS"));
                json.put("key", key).put("operation", operation);
                inOrSingle(random, json, model, key, operation, domain, camel);
            }
            default -> { // any string key with values seen in the data, and substrings
                String key = pick(random, List.of("run_id", "display_name", "description", "experiment_id",
                        "namespace", "recurring_run_id", "pipeline_id", "pipeline_version_id", "name"));
                String modelKey = key.equals("name") ? "display_name" : key;
                List<String> domain = new ArrayList<>(List.of("", "eval", "train", "_%", "ns-a", "exp-2", "p-1", "N",
                        "TRAIN", "Eval", "rAIn"));
                runs.stream().limit(5).map(run -> (String) RunModel.VALUES.get(modelKey).apply(run)).forEach(domain::add);
                String operation = operations[random.nextInt(operations.length)];
                json.put("key", key).put("operation", operation);
                inOrSingle(random, json, model, modelKey, operation, domain, camel);
            }
        }
    }

    private static void inOrSingle(Random random, ObjectNode json, List<RunModel.ModelPredicate> model, String key,
                                   String operation, List<String> domain, boolean camel) {
        if (operation.equals("IN")) {
            List<Object> values = new ArrayList<>();
            ArrayNode array = JSON.createArrayNode();
            for (int i = random.nextInt(3); i >= 0; i--) {
                String value = pick(random, domain);
                values.add(value);
                array.add(value);
            }
            if (random.nextBoolean()) {
                json.putObject(camel ? "stringValues" : "string_values").set("values", array);
            } else {
                json.set("string_values", array);
            }
            model.add(new RunModel.ModelPredicate(key, operation, values));
        } else {
            String value = pick(random, domain);
            json.put(camel ? "stringValue" : "string_value", value);
            model.add(new RunModel.ModelPredicate(key, operation, List.of(value)));
        }
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
