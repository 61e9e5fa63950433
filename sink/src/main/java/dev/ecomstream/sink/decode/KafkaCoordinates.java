package dev.ecomstream.sink.decode;

/** Where a record is in Kafka; every staged or rejected row carries it. */
public record KafkaCoordinates(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return "topic '" + topic + "', partition " + partition + ", offset " + offset;
    }
}
