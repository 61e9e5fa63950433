package dev.ecomstream.producers.publish;

import org.apache.kafka.common.header.Headers;

/** Where the publisher's records go: Kafka, or nowhere for a dry run. */
public interface RecordSender {

    /**
     * Hands a record over for sending; returns before it is acknowledged.
     *
     * @throws PublishFailedException when an earlier record failed, or this one cannot be handed over
     */
    void send(String topic, byte[] key, byte[] value, Headers headers);

    /**
     * Waits until every record handed over is acknowledged.
     *
     * @throws PublishFailedException when any record was not
     */
    void flush();

    /** False for a dry run: the counts are of rows that would have been published. */
    boolean sendsRecords();

    /** A sender that only counts: for validating files without a broker. */
    RecordSender DRY_RUN = new RecordSender() {
        @Override
        public void send(String topic, byte[] key, byte[] value, Headers headers) {
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean sendsRecords() {
            return false;
        }
    };
}
