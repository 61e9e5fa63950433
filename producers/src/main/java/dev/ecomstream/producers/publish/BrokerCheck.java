package dev.ecomstream.producers.publish;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Asks the cluster for its brokers before anything else happens. Kafka clients retry an unreachable
 * address quietly (the producer would block in its first send for {@code max.block.ms}, a minute by
 * default), so without this check a wrong address or a closed firewall looks like a hang.
 */
public final class BrokerCheck {

    private BrokerCheck() {
    }

    /**
     * Returns when a broker answered.
     *
     * @throws BrokerUnreachableException when none did within {@code timeout}, naming the address and the
     *                                    settings to check
     */
    public static void requireReachable(Properties adminProperties, Duration timeout) {
        Properties properties = new Properties();
        properties.putAll(adminProperties);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        properties.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        properties.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(millis));
        String servers = properties.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        Admin admin;
        try {
            admin = Admin.create(properties);
        } catch (KafkaException e) {
            // the client refuses the settings before any connection (an address it cannot parse or resolve)
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            throw new BrokerUnreachableException(String.format("Kafka cannot be contacted at %s: %s. To fix: give "
                    + "--bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS) as HOST:PORT[,HOST:PORT...] with names this "
                    + "machine resolves. Nothing was sent.", servers, reason.getMessage()), e);
        }
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new BrokerUnreachableException(String.format("No Kafka broker at %s answered within %d s%s. "
                            + "Check --bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS), that the brokers are up "
                            + "and reachable from here, and the security settings (--kafka-property "
                            + "security.protocol=...); --broker-timeout sets how long to wait. Nothing was sent.",
                    servers, timeout.toSeconds(), describe(cause)), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException("Interrupted while contacting Kafka at " + servers, e);
        } finally {
            // Closing waits for pending calls by default; nothing pending matters once we know the answer.
            admin.close(Duration.ZERO);
        }
    }

    /*
     * A timeout says nothing the message does not, whether our wait ran out first or the admin client's own
     * deadline (the same length, so either can win the race) did; a client error (e.g. SASL) says why.
     */
    private static String describe(Throwable cause) {
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "";
        }
        String message = cause.getMessage();
        return " (" + cause.getClass().getSimpleName() + (message != null ? ": " + message : "") + ")";
    }
}
