package dev.ecomstream.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.producers.publish.BrokerCheck;
import dev.ecomstream.producers.publish.BrokerUnreachableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A broker address where nothing listens fails the run quickly with a message saying what to check. */
class UnreachableBrokerIT {

    @Test
    void shouldFailWithinTheBrokerTimeoutNamingTheAddressWhenNothingListens() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        long started = System.nanoTime();
        StringWriter err = new StringWriter();
        int exitCode = ProducerCommand.commandLine().setErr(new PrintWriter(err)).execute("orders",
                Path.of("..", "data", "orders.csv").toString(), "--bootstrap-servers", address, "--broker-timeout", "2",
                "--progress", "none");
        assertThat(err.toString().lines()).containsExactly("ecomstream-producers orders failed: "
                + unreachableMessage(address, 2));
        assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    /*
     * The admin client has a deadline of its own, as long as the check's wait, and either may end first. Here
     * the client's is made the shorter, so its TimeoutException (not the check's) is what comes back.
     */
    @Test
    void shouldGiveTheSameMessageWhenTheKafkaClientGivesUpBeforeTheCheck() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        Properties properties = new Properties();
        properties.put("bootstrap.servers", address);
        properties.put("default.api.timeout.ms", "300");
        properties.put("request.timeout.ms", "300");

        assertThatThrownBy(() -> BrokerCheck.requireReachable(properties, Duration.ofSeconds(5)))
                .isInstanceOf(BrokerUnreachableException.class)
                .hasMessage(unreachableMessage(address, 5))
                .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    /** An address the Kafka client cannot even parse is a typing mistake: one line saying so, no stack trace. */
    @Test
    void shouldFailInOneLineWithoutATraceWhenTheAddressIsNotAnAddress() {
        StringWriter err = new StringWriter();
        int exitCode = ProducerCommand.commandLine().setErr(new PrintWriter(err)).execute("orders",
                Path.of("..", "data", "orders.csv").toString(), "--bootstrap-servers", "127.0.0.1:not-a-port",
                "--broker-timeout", "2", "--progress", "none");
        assertThat(err.toString().lines()).as("one line, no stack trace").containsExactly(
                "ecomstream-producers orders failed: Kafka cannot be contacted at 127.0.0.1:not-a-port: "
                + "Invalid url in bootstrap.servers: 127.0.0.1:not-a-port. To fix: give --bootstrap-servers "
                + "(or KAFKA_BOOTSTRAP_SERVERS) as HOST:PORT[,HOST:PORT...] with names this machine resolves. "
                + "Nothing was sent.");
        assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    }

    private static String unreachableMessage(String address, int seconds) {
        return "No Kafka broker at " + address + " answered within " + seconds + " s. Check --bootstrap-servers "
                + "(or KAFKA_BOOTSTRAP_SERVERS), that the brokers are up and reachable from here, and the security "
                + "settings (--kafka-property security.protocol=...); --broker-timeout sets how long to wait. "
                + "Nothing was sent.";
    }

    /* A port that was free a moment ago: connecting to it is refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
