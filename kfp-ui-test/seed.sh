#!/usr/bin/env bash
# Writes through runstore's API what the browser test then looks for: an experiment with three runs (two finished,
# one running with train done and evaluate running) and an archived run in the Default experiment. Prints what it
# wrote as JSON.
set -euo pipefail
api="$1/apis/v2beta1"
json='content-type: application/json'
field() { node -e "let s = ''; process.stdin.on('data', d => s += d).on('end', () => console.log(JSON.parse(s)['$1']))"; }
experiment="mnist experiment"
experiment_id=$(curl -sf -XPOST "$api/experiments" -H "$json" \
  -d "{\"display_name\": \"$experiment\", \"description\": \"trains mnist\"}" | field experiment_id)
# A two-step pipeline (train writes a model, evaluate reads it) as KFP's SDK compiles it, so that the run-details
# page draws its graph; each run reports a root DAG and the two tasks as KFP's driver does (the model as train's output
# artifact and evaluate's input), which the page reads back as ML Metadata executions, artifacts and events.
model_type='{"artifactType": {"schemaTitle": "system.Model", "schemaVersion": "0.0.1"}}'
spec='{"pipelineInfo": {"name": "mnist"}, "schemaVersion": "2.1.0", "sdkVersion": "kfp-2.7.0",
  "deploymentSpec": {"executors": {
    "exec-train": {"container": {"image": "python:3.11", "command": ["python", "-c", "train()"]}},
    "exec-evaluate": {"container": {"image": "python:3.11", "command": ["python", "-c", "evaluate()"]}}}},
  "components": {
    "comp-train": {"executorLabel": "exec-train", "outputDefinitions": {"artifacts": {"model": '"$model_type"'}}},
    "comp-evaluate": {"executorLabel": "exec-evaluate", "inputDefinitions": {"artifacts": {"model": '"$model_type"'}}}},
  "root": {"dag": {"tasks": {
    "train": {"taskInfo": {"name": "train"}, "componentRef": {"name": "comp-train"}},
    "evaluate": {"taskInfo": {"name": "evaluate"}, "componentRef": {"name": "comp-evaluate"}, "dependentTasks": ["train"],
      "inputs": {"artifacts": {"model": {"taskOutputArtifact": {"producerTask": "train", "outputArtifactKey": "model"}}}}}}}}}'
task() { # run, body
  curl -sf -XPOST "$api/runs/$1/tasks" -H "$json" -d "$2" | field task_id
}
state() { # run, task, state
  curl -sf -XPATCH "$api/runs/$1/tasks/$2" -H "$json" -d "{\"state\": \"$3\"}" >/dev/null
}
runs=()
for i in 1 2 3; do
  run=$(curl -sf -XPOST "$api/runs" -H "$json" -d "{\"display_name\": \"train mnist $i\",
    \"experiment_id\": \"$experiment_id\", \"pipeline_spec\": $spec}" | field run_id)
  curl -sf -XPOST "$api/runs/$run:reportState" -H "$json" -d '{"state": "RUNNING"}' >/dev/null
  root=$(task "$run" '{"name": "mnist", "display_name": "mnist", "type": "ROOT", "state": "RUNNING"}')
  model='{"artifact_id": "model-'"$i"'", "name": "model", "type": "Model", "uri": "s3://mnist/'"$run"'/model"}'
  train=$(task "$run" '{"name": "train", "display_name": "train", "type": "RUNTIME", "state": "RUNNING",
    "parent_task_id": "'"$root"'", "pods": [{"name": "train-'"$i"'-executor", "type": "EXECUTOR"}],
    "outputs": {"artifacts": [{"artifact_key": "model", "type": "OUTPUT", "artifacts": ['"$model"']}]}}')
  state "$run" "$train" SUCCEEDED
  evaluate=$(task "$run" '{"name": "evaluate", "display_name": "evaluate", "type": "RUNTIME", "state": "RUNNING",
    "parent_task_id": "'"$root"'", "inputs": {"artifacts": [{"artifact_key": "model", "type": "TASK_OUTPUT_INPUT",
    "producer": {"task_name": "train"}, "artifacts": ['"$model"']}]}}')
  if [ "$i" -le 2 ]; then
    state "$run" "$evaluate" SUCCEEDED
    state "$run" "$root" SUCCEEDED
    curl -sf -XPOST "$api/runs/$run:reportState" -H "$json" -d '{"state": "SUCCEEDED"}' >/dev/null
  fi
  runs+=("\"train mnist $i\"")
  details_run="$run"
done
archived=$(curl -sf -XPOST "$api/runs" -H "$json" \
  -d "{\"display_name\": \"old archived run\", \"pipeline_spec\": $spec}" | field run_id)
curl -sf -XPOST "$api/runs/$archived:archive" >/dev/null
echo "{\"experiment\": \"$experiment\", \"experimentId\": \"$experiment_id\", \"activeRuns\": [$(IFS=,; echo "${runs[*]}")],
 \"archivedRun\": \"old archived run\", \"detailsRun\": \"$details_run\", \"detailsRunName\": \"train mnist 3\",
 \"nodeStates\": {\"train\": \"CheckCircleIcon\", \"evaluate\": \"RefreshIcon\"}}"
