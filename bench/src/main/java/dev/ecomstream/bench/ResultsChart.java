package dev.ecomstream.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The run as one PNG: rows/s per scale for the reference and the pipeline (the scaling line should be flat
 * and the two bars close), and the latency percentiles next to the 1 s target.
 */
final class ResultsChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 420;

    private ResultsChart() {
    }

    static void write(BenchResults results, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<BufferedImage> panels = new ArrayList<>();
        panels.add(BitmapEncoder.getBufferedImage(throughput(results)));
        if (results.latency() != null) {
            panels.add(BitmapEncoder.getBufferedImage(latency(results.latency())));
        }
        BufferedImage image = new BufferedImage(WIDTH * panels.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            graphics.drawImage(panels.get(i), i * WIDTH, 0, null);
        }
        graphics.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static CategoryChart throughput(BenchResults results) {
        List<String> scales = new ArrayList<>();
        List<Double> reference = new ArrayList<>();
        List<Double> pipeline = new ArrayList<>();
        if (results.scaling().isEmpty()) {
            scales.add("scale " + ResultsTable.number(results.settings().scale(), 3));
            reference.add(results.reference().rowsPerSecond());
            pipeline.add(results.pipeline().rowsPerSecond());
        }
        for (BenchResults.ScalePoint point : results.scaling()) {
            scales.add("scale " + ResultsTable.number(point.scale(), 3));
            reference.add(zeroIfNaN(point.referenceRowsPerSecond()));
            pipeline.add(zeroIfNaN(point.pipelineRowsPerSecond()));
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Throughput (rows/s, higher is better)").xAxisTitle("data scale").yAxisTitle("rows/s")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("reference: COPY + normaliser", scales, reference);
        chart.addSeries("pipeline: producers, Kafka, sink, normaliser", scales, pipeline);
        return chart;
    }

    private static CategoryChart latency(BenchResults.LatencyFigures latency) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(String.format("Send to visible in core at %,.0f events/s (ms)", latency.targetRate()))
                .xAxisTitle("percentile").yAxisTitle("ms").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setYAxisMin(0.0);
        List<String> names = List.of("p50", "p95", "p99", "max");
        chart.addSeries("measured", names, List.of(zeroIfNaN(latency.p50Millis()), zeroIfNaN(latency.p95Millis()),
                zeroIfNaN(latency.p99Millis()), zeroIfNaN(latency.maxMillis())));
        chart.addSeries("target for p99", names, List.of(0.0, 0.0, 1000.0, 0.0));
        return chart;
    }

    private static double zeroIfNaN(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
