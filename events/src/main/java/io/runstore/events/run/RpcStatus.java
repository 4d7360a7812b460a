package io.runstore.events.run;

import com.fasterxml.jackson.databind.JsonNode;

/** A {@code google.rpc.Status}: how KFP reports an error of a run or a task. {@code details} is a JSON array or null. */
public record RpcStatus(Integer code, String message, JsonNode details) {
}
