package dev.ecomstream.producers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A broker address where nothing listens fails the run quickly with a message saying what to check. */
class UnreachableBrokerIT {

    @Test
    void shouldFailWithinTheBrokerTimeoutNamingTheAddressWhenNothingListens() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        long started = System.nanoTime();
        int exitCode;
        try (CapturedLog log = new CapturedLog(ProducerCommand.class)) {
            exitCode = ProducerCommand.commandLine().execute("orders", Path.of("..", "data", "orders.csv").toString(),
                    "--bootstrap-servers", address, "--broker-timeout", "2", "--progress", "none");
            assertThat(log.lines()).contains("ERROR No Kafka broker at " + address + " answered within 2 s. Check --bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS), that the brokers are up and reachable "
                    + "from here, and the security settings (--kafka-property security.protocol=...); "
                    + "--broker-timeout sets how long to wait. Nothing was sent.");
        }
        assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    /* A port that was free a moment ago: connecting to it is refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
