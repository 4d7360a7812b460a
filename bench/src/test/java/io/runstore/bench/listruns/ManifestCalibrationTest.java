package io.runstore.bench.listruns;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.runstore.testsupport.runs.DataShape;
import io.runstore.testsupport.runs.GeneratedRun;
import io.runstore.testsupport.runs.ManifestText;
import io.runstore.testsupport.runs.RunGenerator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's manifests have the sizes and the compressibility of KFP's own (docs/benchmarks/manifests.md):
 * measured on kubeflow/pipelines' {@code test_data} (commit 7b70c7b), the 150 compiled pipeline specs have a median
 * size of 5.3 KB as YAML (4.2 KB as JSON) and a median zlib ratio of 4.0 (3.6 as JSON); the 147 compiled Argo
 * workflows, as JSON, a median of 15.9-16.7 KB and a zlib ratio of 5.2-5.5. The medians of 400 generated runs must lie
 * within a band around those figures, and every text must be JSON. A property of the generator, not a timing.
 */
class ManifestCalibrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SAMPLE = 400;

    private final List<GeneratedRun> runs = new RunGenerator(DataShape.of(10_000)).runs(0, SAMPLE).toList();

    @Test
    void pipelineSpecsAreAboutFiveKilobytesAndCompressAboutFourTimes() throws Exception {
        assertThat(median(ManifestText::pipelineSpec, String::length)).isBetween(4_000.0, 7_000.0);
        assertThat(median(ManifestText::pipelineSpec, ManifestCalibrationTest::zlibRatio)).isBetween(3.3, 4.6);
        assertJson(ManifestText::pipelineSpec);
    }

    @Test
    void compiledWorkflowsAreAboutEighteenKilobytesAndCompressAboutFiveAndAHalfTimes() throws Exception {
        assertThat(median(ManifestText::workflowSpec, String::length)).isBetween(15_000.0, 22_000.0);
        assertThat(median(ManifestText::workflowSpec, ManifestCalibrationTest::zlibRatio)).isBetween(4.9, 6.2);
        assertJson(ManifestText::workflowSpec);
    }

    @Test
    void runtimeWorkflowsAreTheCompiledOnePlusAStatusNodePerTask() throws Exception {
        for (GeneratedRun run : runs.subList(0, 50)) {
            String runtime = ManifestText.workflowRuntime(run);
            assertThat(runtime.length()).isGreaterThan(ManifestText.workflowSpec(run).length());
            assertThat(JSON.readTree(runtime).at("/status/nodes").size()).isGreaterThanOrEqualTo(run.tasks().size());
        }
        assertJson(ManifestText::workflowRuntime);
    }

    private void assertJson(Function<GeneratedRun, String> text) throws Exception {
        for (GeneratedRun run : runs.subList(0, 50)) {
            assertThat(JSON.readTree(text.apply(run)).isObject()).isTrue();
        }
    }

    private double median(Function<GeneratedRun, String> text, Function<String, ? extends Number> measure) {
        List<Double> values = new ArrayList<>();
        for (GeneratedRun run : runs) {
            values.add(measure.apply(text.apply(run)).doubleValue());
        }
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    /** Uncompressed over zlib-compressed (level 6, as Python's and Go's defaults) bytes. */
    static double zlibRatio(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(6);
        deflater.setInput(bytes);
        deflater.finish();
        byte[] buffer = new byte[bytes.length + 1024];
        int compressed = 0;
        while (!deflater.finished()) {
            compressed += deflater.deflate(buffer, compressed, buffer.length - compressed);
        }
        deflater.end();
        return (double) bytes.length / compressed;
    }
}
