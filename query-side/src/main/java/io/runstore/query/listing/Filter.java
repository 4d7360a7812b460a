package io.runstore.query.listing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A parsed filter: its predicates (AND-ed) and the JSON tree it came from, which page tokens carry and compare
 * (object member order and white space do not matter).
 */
public record Filter(List<Predicate> predicates, JsonNode source) {

    public boolean isEmpty() {
        return predicates.isEmpty();
    }
}
