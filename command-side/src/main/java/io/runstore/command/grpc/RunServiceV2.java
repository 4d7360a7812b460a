package io.runstore.command.grpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.grpc.stub.StreamObserver;
import io.runstore.api.StorableValues;
import io.runstore.api.task.Task;
import io.runstore.command.idempotency.CommandOrigin;
import io.runstore.command.run.CommandRejectedException;
import io.runstore.command.run.Commands;
import io.runstore.command.run.TaskWritten;
import io.runstore.command.run.TasksWritten;
import io.runstore.command.web.TaskRequests;
import kubeflow.pipelines.backend.api.v2beta1.RunOuterClass;
import kubeflow.pipelines.backend.api.v2beta1.RunOuterClass.PipelineTask;
import kubeflow.pipelines.backend.api.v2beta1.RunServiceGrpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task API of KFP's v2beta1 RunService (next-generation branch) as drivers and launchers call it over gRPC:
 * CreateTask, UpdateTask and UpdateTasksBulk, carried out as the HTTP task endpoints carry them out (the same
 * request checks in {@link TaskRequests}, the same commands). A task travels as its protobuf JSON, so a field a
 * client did not set (proto3's default) is a field that does not change. The read calls are served by the query
 * role over HTTP; here they are UNIMPLEMENTED.
 */
class RunServiceV2 extends RunServiceGrpc.RunServiceImplBase {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final Commands commands;
    private final TaskRequests requests;
    private final ObjectMapper json;

    private final GrpcAccess access;

    RunServiceV2(Commands commands, TaskRequests requests, ObjectMapper json, GrpcAccess access) {
        this.access = access;
        this.commands = commands;
        this.requests = requests;
        this.json = json;
    }

    @Override
    public void createTask(RunOuterClass.CreateTaskRequest request, StreamObserver<PipelineTask> observer) {
        GrpcCalls.answer(observer, () -> {
            String runId = requireRunId(request.getRunId());
            CommandOrigin origin = access.origin(runId);
            TaskWritten written = commands.send(requests.create(runId, print(request.getTask())), origin);
            return task(written.task());
        });
    }

    @Override
    public void updateTask(RunOuterClass.UpdateTaskRequest request, StreamObserver<PipelineTask> observer) {
        GrpcCalls.answer(observer, () -> {
            if (request.getTaskId().isEmpty()) {
                throw CommandRejectedException.invalidArgument("task_id is required");
            }
            String runId = requireRunId(request.getRunId());
            CommandOrigin origin = access.origin(runId);
            TaskWritten written = commands.send(requests.update(runId, request.getTaskId(), print(request.getTask())),
                    origin);
            return task(written.task());
        });
    }

    @Override
    public void updateTasksBulk(RunOuterClass.UpdateTasksBulkRequest request,
                                StreamObserver<RunOuterClass.UpdateTasksBulkResponse> observer) {
        GrpcCalls.answer(observer, () -> {
            Map<String, String> tasks = new LinkedHashMap<>();
            request.getTasksMap().forEach((taskId, task) -> tasks.put(taskId, print(task)));
            String runId = requireRunId(request.getRunId());
            CommandOrigin origin = access.origin(runId);
            TasksWritten written = commands.send(requests.updateAll(runId, tasks), origin);
            RunOuterClass.UpdateTasksBulkResponse.Builder response = RunOuterClass.UpdateTasksBulkResponse.newBuilder();
            written.tasks().forEach((taskId, task) -> response.putTasks(taskId, task(task)));
            return response.build();
        });
    }

    private static String requireRunId(String runId) {
        if (runId.isEmpty()) {
            throw CommandRejectedException.invalidArgument("run_id is required");
        }
        String problem = StorableValues.idProblem(runId);
        if (problem != null) {
            throw CommandRejectedException.invalidArgument("run_id: " + problem);
        }
        return runId;
    }

    private static String print(Message message) {
        String badTime = invalidTime(message, "");
        if (badTime != null) {
            throw CommandRejectedException.invalidArgument(badTime + ": a time outside years 1 to 9999 (protobuf's "
                    + "Timestamp range)");
        }
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw CommandRejectedException.invalidArgument("task: " + e.getMessage());
        }
    }

    /**
     * The path of the first {@link Timestamp} in {@code message} outside protobuf's range (which the JSON printer would
     * refuse with an IllegalArgumentException), or null.
     */
    private static String invalidTime(Message message, String prefix) {
        for (Map.Entry<Descriptors.FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            List<?> values = field.getKey().isRepeated() ? (List<?>) field.getValue() : List.of(field.getValue());
            for (int i = 0; i < values.size(); i++) {
                String path = prefix + field.getKey().getName() + (field.getKey().isRepeated() ? "[" + i + "]" : "");
                Object value = values.get(i);
                if (value instanceof Timestamp time && !Timestamps.isValid(time)) {
                    return path;
                }
                if (value instanceof Message nested && !(value instanceof Timestamp)) {
                    String found = invalidTime(nested, path + ".");
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    /** The task as the HTTP API answers it, read into KFP's message (fields KFP's message lacks are left out). */
    private PipelineTask task(Task task) {
        try {
            PipelineTask.Builder builder = PipelineTask.newBuilder();
            PARSER.merge(json.writeValueAsString(task), builder);
            return builder.build();
        } catch (JsonProcessingException | InvalidProtocolBufferException e) {
            throw new IllegalStateException("task " + task.taskId() + " cannot be answered as a PipelineTask", e);
        }
    }
}
