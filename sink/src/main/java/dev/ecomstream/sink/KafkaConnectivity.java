package dev.ecomstream.sink;

import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether the consumer is connected to any broker. The consumer never fails while Kafka is away (it keeps
 * reconnecting by itself), so the only sign is its own {@code connection-count} metric dropping to zero.
 */
final class KafkaConnectivity {

    private KafkaConnectivity() {
    }

    static boolean hasConnection(Consumer<?, ?> consumer) {
        for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (name.name().equals("connection-count") && name.group().equals("consumer-metrics")
                    && metric.getValue().metricValue() instanceof Number count) {
                return count.doubleValue() > 0;
            }
        }
        return false;
    }
}
