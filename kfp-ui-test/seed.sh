#!/usr/bin/env bash
# Writes through runstore's API what the browser test then looks for: an experiment with three runs (two finished,
# one running, each with a task) and an archived run in the Default experiment. Prints what it wrote as JSON.
set -euo pipefail
api="$1/apis/v2beta1"
json='content-type: application/json'
field() { node -e "let s = ''; process.stdin.on('data', d => s += d).on('end', () => console.log(JSON.parse(s)['$1']))"; }
experiment="mnist experiment"
experiment_id=$(curl -sf -XPOST "$api/experiments" -H "$json" \
  -d "{\"display_name\": \"$experiment\", \"description\": \"trains mnist\"}" | field experiment_id)
spec='{"pipelineInfo": {"name": "mnist"}, "root": {"dag": {"tasks": {"train": {"taskInfo": {"name": "train"}}}}},
       "schemaVersion": "2.1.0", "sdkVersion": "kfp-2.7.0"}'
runs=()
for i in 1 2 3; do
  run=$(curl -sf -XPOST "$api/runs" -H "$json" -d "{\"display_name\": \"train mnist $i\",
    \"experiment_id\": \"$experiment_id\", \"pipeline_spec\": $spec}" | field run_id)
  task=$(curl -sf -XPOST "$api/runs/$run/tasks" -H "$json" \
    -d '{"name": "train", "display_name": "train", "type": "RUNTIME", "state": "RUNNING"}' | field task_id)
  curl -sf -XPOST "$api/runs/$run:reportState" -H "$json" -d '{"state": "RUNNING"}' >/dev/null
  if [ "$i" -le 2 ]; then
    curl -sf -XPATCH "$api/runs/$run/tasks/$task" -H "$json" -d '{"state": "SUCCEEDED"}' >/dev/null
    curl -sf -XPOST "$api/runs/$run:reportState" -H "$json" -d '{"state": "SUCCEEDED"}' >/dev/null
  fi
  runs+=("\"train mnist $i\"")
done
archived=$(curl -sf -XPOST "$api/runs" -H "$json" \
  -d "{\"display_name\": \"old archived run\", \"pipeline_spec\": $spec}" | field run_id)
curl -sf -XPOST "$api/runs/$archived:archive" >/dev/null
echo "{\"experiment\": \"$experiment\", \"experimentId\": \"$experiment_id\", \"activeRuns\": [$(IFS=,; echo "${runs[*]}")],
 \"archivedRun\": \"old archived run\"}"
