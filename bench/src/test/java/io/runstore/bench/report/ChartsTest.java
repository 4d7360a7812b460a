package io.runstore.bench.report;

import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.CategoryTick;
import org.jfree.chart.text.TextBlock;
import org.jfree.chart.text.TextLine;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChartsTest {

    private static final List<String> LONG_CATEGORIES = List.of("POSTGRESQL, none",
            "POSTGRESQL, storage_state NOT_EQUALS ARCHIVED", "POSTGRESQL, state EQUALS SUCCEEDED", "MYSQL, none",
            "MYSQL, storage_state NOT_EQUALS ARCHIVED", "MYSQL, state EQUALS SUCCEEDED");

    static {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void longCategoryLabelsAreWrappedWholeNotCutShort() {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        for (String series : List.of("1 experiment", "10,000 experiments")) {
            LONG_CATEGORIES.forEach(category ->
                    values.computeIfAbsent(series, key -> new LinkedHashMap<>()).put(category, 1.5));
        }
        JFreeChart chart = Charts.barChart("title", "p50 ms", values, false, "#,##0.#");

        assertThat(drawnCategoryLabels(chart)).containsExactlyElementsOf(LONG_CATEGORIES);
    }

    @Test
    void ratioBarsWriteAPngOfTheChartsSizeMakingItsDirectory(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("not-yet/ratios.png");
        Charts.ratioBars(file, "title", "x of the baseline", "baseline",
                Map.of("runstore", Map.of("PostgreSQL", 0.5, "MariaDB", 1.2)));

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
        assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    }

    /** The category labels as the axis lays them out on a chart of the saved size, lines joined by spaces. */
    private static List<String> drawnCategoryLabels(JFreeChart chart) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.createBufferedImage(Charts.WIDTH, Charts.HEIGHT, info);
        Graphics2D graphics = new BufferedImage(Charts.WIDTH, Charts.HEIGHT, BufferedImage.TYPE_INT_RGB)
                .createGraphics();
        List<String> labels = new ArrayList<>();
        for (Object tick : chart.getCategoryPlot().getDomainAxis().refreshTicks(graphics, new AxisState(),
                info.getPlotInfo().getDataArea(), RectangleEdge.BOTTOM)) {
            TextBlock block = ((CategoryTick) tick).getLabel();
            List<String> lines = new ArrayList<>();
            for (Object line : block.getLines()) {
                // JFreeChart lays a category label out as one fragment per line ("..." added to the last when cut)
                lines.add(((TextLine) line).getFirstTextFragment().getText().trim());
            }
            labels.add(String.join(" ", lines));
        }
        return labels;
    }
}
