package dev.ecomstream.producers.publish;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;

/**
 * Sends asynchronously and remembers the first failure, which stops the run at the next send or at the
 * flush: a record the client gave up on (after its own retries, within {@code delivery.timeout.ms}) is never
 * silently lost, and the run does not go on piling records behind a dead broker.
 *
 * <p>Closing it closes the producer only when the sender made that producer itself ({@link #open}); a producer
 * passed in stays its caller's to close.
 */
public final class KafkaRecordSender implements RecordSender, AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final boolean ownsProducer;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    // One callback for every record: a capturing lambda per send would be an allocation per row.
    private final Callback onCompletion;

    public KafkaRecordSender(Producer<byte[], byte[]> producer) {
        this(producer, false);
    }

    private KafkaRecordSender(Producer<byte[], byte[]> producer, boolean ownsProducer) {
        this.producer = producer;
        this.ownsProducer = ownsProducer;
        this.onCompletion = (metadata, exception) -> {
            if (exception != null) {
                firstFailure.compareAndSet(null, exception);
            }
        };
    }

    /** A sender with a producer of its own, made from these client settings; closing the sender closes it. */
    public static KafkaRecordSender open(Properties producerProperties) {
        return new KafkaRecordSender(new KafkaProducer<>(producerProperties), true);
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, Headers headers) {
        failIfAnySendFailed(topic);
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers), onCompletion);
        } catch (KafkaException e) {
            // e.g. no metadata for the topic within max.block.ms: the brokers went away or the topic did
            throw new PublishFailedException(String.format("Kafka did not take a record for %s: %s. "
                    + "Check that the brokers are up and the topic exists, then run the file again "
                    + "(records are keyed by id, so a rerun replaces rather than adds).", topic, e.getMessage()), e);
        }
    }

    @Override
    public void flush() {
        producer.flush();
        failIfAnySendFailed(null);
    }

    @Override
    public boolean sendsRecords() {
        return true;
    }

    @Override
    public void close() {
        if (ownsProducer) {
            producer.close();
        }
    }

    private void failIfAnySendFailed(String topic) {
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new PublishFailedException(String.format(
                    "Kafka did not accept a record%s after the producer's retries: %s. Nothing after it is "
                            + "reported as published; check the brokers and the topic, then run the file again "
                            + "(records are keyed by id, so a rerun replaces rather than adds).",
                    topic != null ? " for " + topic : "", failure.getMessage()), failure);
        }
    }
}
