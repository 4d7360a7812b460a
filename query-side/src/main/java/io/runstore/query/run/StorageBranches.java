package io.runstore.query.run;

import io.runstore.query.listing.Operation;
import io.runstore.query.listing.Predicate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A run filter split for the indexes: the storage states to read (each an equality that leads every run_list index)
 * and the remaining predicates. storage_state has exactly two values, so {@code NOT_EQUALS ARCHIVED} is
 * {@code EQUALS AVAILABLE}; with no storage-state predicate the page is merged from one ordered range scan per state.
 */
record StorageBranches(List<String> storageStates, List<Predicate> residual) {

    static final List<String> ALL = List.of("AVAILABLE", "ARCHIVED");

    static StorageBranches of(List<Predicate> predicates) {
        Set<String> states = new LinkedHashSet<>(ALL);
        List<Predicate> residual = new ArrayList<>();
        for (Predicate predicate : predicates) {
            boolean storage = predicate.column().key().equals("storage_state");
            switch (storage ? predicate.operation() : Operation.IS_SUBSTRING) {
                case EQUALS -> states.retainAll(Set.of(predicate.value()));
                case NOT_EQUALS -> states.remove(predicate.value());
                case IN -> states.retainAll(Set.copyOf(predicate.values()));
                default -> residual.add(predicate);
            }
        }
        return new StorageBranches(List.copyOf(states), List.copyOf(residual));
    }

    /** The state EQUALS value when the residual filter is exactly that (the run_counts rows serve it), else null. */
    String countedState() {
        return residual.size() == 1 && residual.get(0).column().key().equals("state")
                && residual.get(0).operation() == Operation.EQUALS ? (String) residual.get(0).value() : null;
    }

    boolean counted() {
        return residual.isEmpty() || countedState() != null;
    }
}
