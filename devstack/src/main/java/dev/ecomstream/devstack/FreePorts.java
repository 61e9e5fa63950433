package dev.ecomstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks TCP ports on 127.0.0.1 that are free at the time of the call.
 *
 * <p>The operating system chooses each port; the sockets are held open until all requested
 * ports are chosen, so one call never returns the same port twice. Another process may still
 * take a port between this call and the server binding it; the window is a few milliseconds.
 */
final class FreePorts {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private FreePorts() {
    }

    /** Returns {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
    static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, LOOPBACK);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not open a socket on " + LOOPBACK.getHostAddress()
                            + " to find a free port; check that the loopback interface is up", e);
        } finally {
            sockets.forEach(FreePorts::closeQuietly);
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing was bound for long; a failed close leaves nothing to clean up
        }
    }
}
