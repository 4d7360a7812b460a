package io.runstore.query.listing;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonValue;

/** A JSON document stored as the API renders it, written into the answer as is (never parsed per row). */
public record RawJson(@JsonValue @JsonRawValue String json) {
}
