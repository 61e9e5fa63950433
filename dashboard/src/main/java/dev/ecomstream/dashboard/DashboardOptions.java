package dev.ecomstream.dashboard;

import dev.ecomstream.schema.HttpListenOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link DashboardServer} behaves, fixed at construction.
 *
 * @param clock           what "now" is for the business panels ({@link DashboardClock})
 * @param refreshInterval how often the page asks for new figures
 * @param bindAddress     the address to listen on; {@code 127.0.0.1} keeps the page on this machine
 * @param kafkaProperties Kafka client properties for the consumer-lag Admin client (security settings),
 *                        passed as they are
 */
public record DashboardOptions(DashboardClock clock, Duration refreshInterval, String bindAddress,
        Map<String, String> kafkaProperties) {

    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);

    public DashboardOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(bindAddress, "bindAddress");
        kafkaProperties = Map.copyOf(kafkaProperties);
        if (refreshInterval.compareTo(Duration.ofSeconds(1)) < 0 || refreshInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("The refresh interval must be from 1 s to 1 h, was " + refreshInterval);
        }
    }

    /** Wall clock, a refresh every 5 s, loopback only, no extra Kafka properties. */
    public static DashboardOptions defaults() {
        return new DashboardOptions(DashboardClock.WALL, DEFAULT_REFRESH_INTERVAL, HttpListenOptions.LOOPBACK,
                Map.of());
    }

    /** The same options on another clock. */
    public DashboardOptions withClock(DashboardClock newClock) {
        return new DashboardOptions(newClock, refreshInterval, bindAddress, kafkaProperties);
    }

    /** The same options with another refresh interval. */
    public DashboardOptions withRefreshInterval(Duration interval) {
        return new DashboardOptions(clock, interval, bindAddress, kafkaProperties);
    }
}
