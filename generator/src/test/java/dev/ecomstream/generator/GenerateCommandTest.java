package dev.ecomstream.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A place the files cannot go is the user's mistake: one line saying what and what to do, exit code 1. */
class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldSayInOneLineThatTheOutputDirectoryCannotBeCreated() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        StringWriter err = new StringWriter();
        int exitCode = GenerateCommand.commandLine().setErr(new PrintWriter(err))
                .execute("--out", file.resolve("data").toString(), "--scale", "0.0001");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("generate failed: cannot write the CSV files to "
                + file.resolve("data") + " (" + file.resolve("data") + ": Not a directory). To fix: give --out a "
                + "directory you may create and write.");
    }
}
