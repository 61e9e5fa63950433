package dev.ecomstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void picksDistinctPortsThatCanBeBoundOnLoopback() throws IOException {
        int[] ports = FreePorts.pick(3);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(3);
        for (int port : ports) {
            assertThat(port).isBetween(1024, 65535);
            try (ServerSocket socket = new ServerSocket(port, 1, FreePorts.LOOPBACK)) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
