package dev.ecomstream.sink.offsets;

import org.apache.kafka.common.TopicPartition;

/**
 * A stored offset outside its partition's log: the records between it and the log are gone, or the log is
 * another one now. Reading on from the log would skip records without a trace, so the partition stops until
 * an operator accepts the gap.
 *
 * @param logStart the partition's first offset (records before it were deleted)
 * @param logEnd   the offset the partition's next record will get
 */
public record OffsetGap(TopicPartition partition, long storedOffset, long logStart, long logEnd) {

    /** How the stored offset fell out of the log. */
    public enum Kind {
        DELETED("records deleted before they landed (retention, or deleteRecords)"),
        RECREATED("stored offset beyond the log's end (the topic was recreated, or the offsets belong to another "
                + "cluster)");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** The gap of a stored offset, or null when the offset is inside the log. */
    public static OffsetGap of(TopicPartition partition, long storedOffset, long logStart, long logEnd) {
        return storedOffset < logStart || storedOffset > logEnd
                ? new OffsetGap(partition, storedOffset, logStart, logEnd) : null;
    }

    public Kind kind() {
        return storedOffset < logStart ? Kind.DELETED : Kind.RECREATED;
    }

    /** Where reading goes on once the gap is accepted: the log's first record, so nothing still there is lost. */
    public long resumeAt() {
        return logStart;
    }

    /** Records never read: those deleted, or for a recreated log none that can be counted. */
    public long recordsSkipped() {
        return kind() == Kind.DELETED ? logStart - storedOffset : 0;
    }

    /** The operator's message: which partition, where it stood, where the log is, and what to do. */
    public String stopMessage() {
        String what = kind() == Kind.DELETED
                ? String.format("records %d to %d were deleted before they landed (retention or deleteRecords)",
                        storedOffset, logStart - 1)
                : "the stored offset is beyond the log's end: the topic was recreated, or these offsets belong to "
                        + "another cluster";
        return String.format("Partition %s stopped: its stored offset %d is outside the log (the log starts at %d "
                        + "and ends at %d): %s. Nothing of this partition is read until this is settled; the other "
                        + "partitions go on. To fix: if the records are gone for good, restart the sink with "
                        + "--accept-offset-gaps to go on from offset %d (the gap is recorded in "
                        + "staging.sink_offset_gaps)%s.",
                partition, storedOffset, logStart, logEnd, what, resumeAt(),
                kind() == Kind.RECREATED ? "; staging rows of the old topic keep the same coordinates as the new "
                        + "records, so move them away first, or consume the new topic under another name with --topic"
                        : "; or republish them from their source");
    }
}
