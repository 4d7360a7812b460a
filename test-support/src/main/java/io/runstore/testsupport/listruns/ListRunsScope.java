package io.runstore.testsupport.listruns;

/** What a ListRuns request lists: the runs of a namespace, or of one experiment. */
public record ListRunsScope(Kind kind, String id) {

    public enum Kind {
        NAMESPACE,
        EXPERIMENT
    }

    public static ListRunsScope namespace(String namespace) {
        return new ListRunsScope(Kind.NAMESPACE, namespace);
    }

    public static ListRunsScope experiment(String experimentId) {
        return new ListRunsScope(Kind.EXPERIMENT, experimentId);
    }

    @Override
    public String toString() {
        return kind == Kind.NAMESPACE ? "namespace" : "experiment";
    }
}
