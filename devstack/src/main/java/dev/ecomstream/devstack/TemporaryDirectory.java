package dev.ecomstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates and deletes the temporary directories that hold the servers' data. */
final class TemporaryDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(TemporaryDirectory.class);

    private TemporaryDirectory() {
    }

    /** Creates a new directory under {@code java.io.tmpdir}, named {@code prefix} plus a random suffix. */
    static Path create(String prefix, String purpose) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory for " + purpose + " under "
                    + System.getProperty("java.io.tmpdir") + "; check that it exists and is writable", e);
        }
    }

    /**
     * Deletes {@code directory} and everything in it, if it still exists. A failure is logged,
     * not thrown: the server that used it is already stopped, and a leftover directory in the
     * temp area is not worth failing a test run over.
     */
    static void delete(Path directory, String purpose) {
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete the {} directory {}: {}; delete it by hand", purpose, directory, e.toString());
        }
    }
}
