package dev.ecomstream.producers;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What to do with the rows of a file; shared by every producer command. */
public final class PublishingOptions {

    @Option(names = "--rejects-dir", paramLabel = "DIR",
            description = "Write <file>.rejects.csv here instead of next to the input file.")
    Path rejectsDir;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Read at most N rows per file, for a quick try (default: all).")
    long limit;

    @Option(names = "--fail-fast",
            description = "Stop at the first bad row instead of rejecting it and going on.")
    boolean failFast;

    PublishOptions forTopic(String topic) {
        return new PublishOptions(topic, limit, rejectsDir, failFast);
    }
}
