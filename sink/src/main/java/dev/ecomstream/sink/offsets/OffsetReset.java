package dev.ecomstream.sink.offsets;

import org.apache.kafka.common.TopicPartition;

/**
 * An operator's move of a partition's stored offset ({@code sink offsets reset}): back, so records are landed
 * again (a replay), or forward, so records are never landed (a skip). Recorded in
 * {@code staging.sink_offset_gaps} like an accepted gap, so staging's counts can still be reconciled with the
 * topic's.
 *
 * @param storedOffset the stored offset the reset expects (compare-and-set), or null when the partition has none
 * @param newOffset    where the sink reads the partition from next
 * @param how          the option that chose {@code newOffset}, for the record: {@code --to-earliest}, ...
 */
public record OffsetReset(TopicPartition partition, Long storedOffset, long newOffset, String how) {

    public boolean changes() {
        return storedOffset == null || storedOffset != newOffset;
    }

    /** Records landed once more when the sink reads on: those between the new offset and the stored one. */
    public long recordsReplayed() {
        return storedOffset == null ? 0 : Math.max(0, storedOffset - newOffset);
    }

    /** Records never landed: those between the stored offset and the new one. */
    public long recordsSkipped() {
        return storedOffset == null ? 0 : Math.max(0, newOffset - storedOffset);
    }

    /** One line for the operator and the reason column: where it was, where it is, and what that means. */
    public String description() {
        if (storedOffset == null) {
            return String.format("reset %s: no stored offset, set to %d", how, newOffset);
        }
        if (recordsReplayed() > 0) {
            return String.format("reset %s: %d -> %d, offsets %d to %d are landed again (replay of %d records)",
                    how, storedOffset, newOffset, newOffset, storedOffset - 1, recordsReplayed());
        }
        if (recordsSkipped() > 0) {
            return String.format("reset %s: %d -> %d, offsets %d to %d are never landed (%d records skipped)",
                    how, storedOffset, newOffset, storedOffset, newOffset - 1, recordsSkipped());
        }
        return String.format("reset %s: unchanged at %d", how, newOffset);
    }
}
