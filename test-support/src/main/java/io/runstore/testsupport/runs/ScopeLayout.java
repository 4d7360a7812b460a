package io.runstore.testsupport.runs;

import java.util.ArrayList;
import java.util.List;

/** The namespaces, experiments and pipeline versions of a {@link DataShape}, and how runs spread over them. */
public final class ScopeLayout {

    private static final long PURPOSE_EXPERIMENT = 1;
    private static final long PURPOSE_PIPELINE = 2;
    private static final int VERSIONS_PER_PIPELINE = 3;

    private final DataShape shape;
    private final double[] namespaceCumulative;
    private final List<List<String>> experiments = new ArrayList<>();
    private final List<double[]> experimentCumulative = new ArrayList<>();
    private final List<GeneratedPipeline> pipelineVersions = new ArrayList<>();

    public ScopeLayout(DataShape shape) {
        this.shape = shape;
        int namespaces = shape.namespaceCount();
        namespaceCumulative = new double[namespaces];
        double sum = 0;
        for (int k = 0; k < namespaces; k++) {
            sum += shape.namespaceShare(k);
            namespaceCumulative[k] = sum;
            int count = shape.experimentCount(k);
            List<String> ids = new ArrayList<>(count);
            double[] cumulative = new double[count];
            double weights = 0;
            for (int e = 0; e < count; e++) {
                ids.add(new SeededRandom(shape.seed(), PURPOSE_EXPERIMENT, (long) k << 32 | e).uuid());
                weights += 1.0 / (e + 1);
                cumulative[e] = weights;
            }
            experiments.add(List.copyOf(ids));
            experimentCumulative.add(cumulative);
        }
        for (int p = 0; p < Vocabulary.PIPELINES.length; p++) {
            String pipelineId = new SeededRandom(shape.seed(), PURPOSE_PIPELINE, p).uuid();
            for (int v = 0; v < VERSIONS_PER_PIPELINE; v++) {
                String versionId = new SeededRandom(shape.seed(), PURPOSE_PIPELINE, (long) p << 32 | (v + 1)).uuid();
                pipelineVersions.add(new GeneratedPipeline(pipelineId, versionId, Vocabulary.PIPELINES[p]));
            }
        }
    }

    public static String namespaceName(int k) {
        return "team-" + k;
    }

    /** The namespace the benchmarks query: the largest one. */
    public String primaryNamespace() {
        return namespaceName(0);
    }

    /** The largest experiment of the primary namespace. */
    public String primaryExperiment() {
        return experiments.get(0).get(0);
    }

    public int namespaceCount() {
        return namespaceCumulative.length;
    }

    public List<String> experiments(int namespace) {
        return experiments.get(namespace);
    }

    int pickNamespace(SeededRandom random) {
        return random.pickWeighted(namespaceCumulative);
    }

    String pickExperiment(int namespace, SeededRandom random) {
        return experiments.get(namespace).get(random.pickWeighted(experimentCumulative.get(namespace)));
    }

    GeneratedPipeline pickPipeline(SeededRandom random) {
        return random.pick(pipelineVersions);
    }

    DataShape shape() {
        return shape;
    }
}
