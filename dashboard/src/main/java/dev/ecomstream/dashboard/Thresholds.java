package dev.ecomstream.dashboard;

/**
 * When a pipeline figure turns amber and red: stated here once, sent to the page in {@code /api/config}, which
 * colours the charts and writes the values in their legends.
 *
 * <p>Throughput has none: a quiet shop lands nothing, and that is not a fault.
 */
public final class Thresholds {

    /**
     * A figure is green below {@code amber}, amber from {@code amber}, red from {@code red}.
     *
     * @param unit what the figure counts, for the legend
     */
    public record Threshold(String unit, double amber, double red) {

        public Threshold {
            if (!(amber > 0 && red > amber)) {
                throw new IllegalArgumentException("A threshold needs 0 < amber < red, was " + amber + " and " + red);
            }
        }
    }

    /** The thresholds of the pipeline charts, as {@code /api/config} sends them. */
    public record Pipeline(Threshold consumerLag, Threshold coreBehind, Threshold rejectsPerMinute) {
    }

    /*
     * Consumer lag: a batch of the sink is up to 5,000 records per poll, so some thousands behind is a batch in
     * flight; a hundred thousand is minutes of a busy shop's traffic not landed.
     * Core behind staging: the normaliser runs every few seconds; a minute behind means runs are slow, five
     * minutes that they fail or are not running.
     * Rejects: any rejected record wants a look; a hundred a minute is a producer or a schema gone wrong.
     */
    public static final Pipeline PIPELINE = new Pipeline(
            new Threshold("records", 10_000, 100_000),
            new Threshold("seconds", 60, 300),
            new Threshold("records per minute", 1, 100));

    private Thresholds() {
    }
}
