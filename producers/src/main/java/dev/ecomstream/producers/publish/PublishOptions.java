package dev.ecomstream.producers.publish;

import java.nio.file.Path;

/**
 * How to publish one file.
 *
 * @param topic       the topic to publish to
 * @param limit       publish at most this many rows (read stops there); 0 or less for no limit
 * @param rejectsDir  where rejects files go; null for next to the input
 * @param failFast    stop at the first bad row instead of rejecting it and going on
 * @param rate        rows per second; 0 for as fast as possible
 * @param replaySpeed replay the {@code created_at} timeline this many times faster; 0 for no replay
 * @param progress    how progress is shown
 * @param maxRecordBytes the largest record the producer sends (its {@code max.request.size}, capped by its
 *                    {@code buffer.memory}); a row whose record would be larger is rejected
 */
public record PublishOptions(String topic, long limit, Path rejectsDir, boolean failFast, double rate,
                             double replaySpeed, ProgressReporter.Mode progress, int maxRecordBytes) {

    public PublishOptions {
        if (rate < 0 || replaySpeed < 0 || (rate > 0 && replaySpeed > 0)) {
            throw new IllegalArgumentException("rate " + rate + " and replay speed " + replaySpeed
                    + ": each must be 0 (off) or above, and at most one of them set");
        }
    }

    /** As fast as possible, without a progress display, with the Kafka producer's default record size limit. */
    public PublishOptions(String topic, long limit, Path rejectsDir, boolean failFast) {
        this(topic, limit, rejectsDir, failFast, 0, 0, ProgressReporter.Mode.NONE,
                KafkaClientProperties.DEFAULT_MAX_REQUEST_SIZE);
    }

    /** These options with another record size limit. */
    public PublishOptions withMaxRecordBytes(int bytes) {
        return new PublishOptions(topic, limit, rejectsDir, failFast, rate, replaySpeed, progress, bytes);
    }

    RatePacer pacer() {
        if (rate > 0) {
            return RatePacer.fixedRate(rate);
        }
        return replaySpeed > 0 ? RatePacer.replay(replaySpeed) : RatePacer.unlimited();
    }
}
