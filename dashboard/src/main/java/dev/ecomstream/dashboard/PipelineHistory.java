package dev.ecomstream.dashboard;

import dev.ecomstream.dashboard.Panels.PipelineSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The pipeline figures that exist only as of now (Kafka's end offsets give the consumer lag of this moment; the
 * normaliser's watermark, how far core is behind of this moment), kept as samples so that the page can chart them
 * over time. Sampled when {@code /api/pipeline} is read (each open page asks every few seconds), at most one a
 * second, for {@link #KEPT}; nothing is sampled while no page is open. In memory: a restart starts afresh.
 * Thread-safe.
 */
final class PipelineHistory {

    static final Duration KEPT = Duration.ofHours(6);
    /* several open pages would otherwise add a sample each */
    private static final Duration SPACING = Duration.ofSeconds(1);

    private final Deque<Sample> samples = new ArrayDeque<>();

    /** One moment's figures; {@code consumerLag} null when Kafka did not answer or is not configured. */
    record Sample(Instant at, Long consumerLag, double coreBehindSeconds) {
    }

    synchronized void record(Sample sample) {
        Sample last = samples.peekLast();
        if (last != null && sample.at().isBefore(last.at().plus(SPACING))) {
            return;
        }
        samples.addLast(sample);
        Instant oldestKept = sample.at().minus(KEPT);
        while (samples.peekFirst().at().isBefore(oldestKept)) {
            samples.removeFirst();
        }
    }

    /** The samples taken after {@code from}, oldest first. */
    synchronized List<PipelineSample> since(Instant from) {
        List<PipelineSample> taken = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.at().isAfter(from)) {
                taken.add(new PipelineSample(sample.at().toString(), sample.consumerLag(), sample.coreBehindSeconds()));
            }
        }
        return taken;
    }
}
