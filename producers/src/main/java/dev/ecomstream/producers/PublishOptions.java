package dev.ecomstream.producers;

import java.nio.file.Path;

/**
 * How to publish one file.
 *
 * @param topic      the topic to publish to
 * @param limit      publish at most this many rows (read stops there); 0 or less for no limit
 * @param rejectsDir where rejects files go; null for next to the input
 * @param failFast   stop at the first bad row instead of rejecting it and going on
 */
public record PublishOptions(String topic, long limit, Path rejectsDir, boolean failFast) {
}
