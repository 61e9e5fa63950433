package dev.ecomstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** Starts a stack of its own (not the shared one) to watch what closing it leaves behind. */
class DevStackCloseIT {

    @Test
    void closeDeletesTheDirectoriesAndFreesThePorts() throws SQLException {
        DevStack stack = DevStack.startEmbedded();
        Path kafkaLog = ((EmbeddedKafkaBroker) stack.kafka()).logDirectory();
        Path postgresData = ((EmbeddedPostgresServer) stack.postgres()).dataDirectory();
        int brokerPort = ((EmbeddedKafkaBroker) stack.kafka()).brokerPort();
        int controllerPort = ((EmbeddedKafkaBroker) stack.kafka()).controllerPort();
        int postgresPort = stack.postgres().port();
        try (Connection connection = stack.postgres().dataSource("postgres").getConnection()) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(kafkaLog).isDirectory();
        assertThat(postgresData).isDirectory();
        assertThat(isFree(brokerPort)).as("broker port in use while running").isFalse();
        assertThat(isFree(postgresPort)).as("postgres port in use while running").isFalse();

        stack.close();

        assertThat(Files.exists(kafkaLog)).as("Kafka log directory %s after close", kafkaLog).isFalse();
        assertThat(Files.exists(postgresData)).as("PostgreSQL data directory %s after close", postgresData).isFalse();
        assertThat(isFree(brokerPort)).as("broker port %d after close", brokerPort).isTrue();
        assertThat(isFree(controllerPort)).as("controller port %d after close", controllerPort).isTrue();
        assertThat(isFree(postgresPort)).as("postgres port %d after close", postgresPort).isTrue();
        assertThatThrownBy(() -> stack.postgres().dataSource("postgres").getConnection())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void closingTwiceIsHarmless() {
        DevStack stack = DevStack.startEmbedded();
        Path kafkaLog = ((EmbeddedKafkaBroker) stack.kafka()).logDirectory();

        stack.close();
        stack.close();

        assertThat(Files.exists(kafkaLog)).isFalse();
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, FreePorts.LOOPBACK)) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
