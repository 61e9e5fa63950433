package dev.ecomstream.producers.cli;

import dev.ecomstream.producers.publish.ProgressReporter;
import dev.ecomstream.producers.publish.PublishOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine;

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

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Publish N rows per second (decimals allowed, e.g. 0.5), to simulate a live feed "
                    + "(default: as fast as possible).")
    double rate;

    @Option(names = "--replay-speed", paramLabel = "X", defaultValue = "0",
            description = "Replay the rows' created_at timeline X times faster than it happened (1 = real time, "
                    + "60 = an hour a minute); rows are sent in file order and a row dated before the timeline's "
                    + "current point goes at once. Not with --rate.")
    double replaySpeed;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            converter = ProgressModeConverter.class,
            description = "auto (a bar on a terminal, else a log line every 10 s), bar, log or none "
                    + "(default: ${DEFAULT-VALUE}).")
    ProgressReporter.Mode progress;

    @Option(names = "--dry-run",
            description = "Check the files without a broker: read and convert every row, write the rejects "
                    + "file and print the summary, but send nothing and create no topic.")
    boolean dryRun;

    PublishOptions forTopic(String topic, int maxRecordBytes) {
        return new PublishOptions(topic, limit, rejectsDir, failFast, rate, replaySpeed, progress, maxRecordBytes);
    }

    void validate(CommandLine commandLine) {
        if (rate < 0 || replaySpeed < 0) {
            throw new CommandLine.ParameterException(commandLine, "--rate and --replay-speed must be above 0");
        }
        if (rate > 0 && replaySpeed > 0) {
            throw new CommandLine.ParameterException(commandLine,
                    "--rate and --replay-speed cannot be combined: pace by a fixed rate or by created_at");
        }
    }

    /** Accepts the mode in any case ({@code auto}, {@code BAR}). */
    static final class ProgressModeConverter implements CommandLine.ITypeConverter<ProgressReporter.Mode> {
        @Override
        public ProgressReporter.Mode convert(String value) {
            try {
                return ProgressReporter.Mode.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a progress mode; use auto, bar, log or none");
            }
        }
    }
}
