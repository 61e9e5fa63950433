package dev.ecomstream.producers.publish;

import java.nio.file.Path;

/**
 * Shows how far the publishing of a file has got. Called for every row, so implementations must return at
 * once unless it is time to show something.
 */
public interface ProgressReporter extends AutoCloseable {

    /** How progress is shown; {@code AUTO} picks a bar on a terminal and log lines otherwise. */
    enum Mode { AUTO, BAR, LOG, NONE }

    ProgressReporter NONE = new ProgressReporter() {
        @Override
        public void update(long rowsRead, long bytesRead) {
        }

        @Override
        public void close() {
        }
    };

    void update(long rowsRead, long bytesRead);

    /** Shows the final counts, whenever the last update was. */
    default void finish(long rowsRead, long bytesRead) {
    }

    /** Shows the final state and releases the display. */
    @Override
    void close();

    /**
     * A reporter for one file.
     *
     * @param fileSize the file's size in bytes, for the percentage and the time left
     */
    static ProgressReporter create(Mode mode, String task, Path file, long fileSize) {
        Mode chosen = mode == Mode.AUTO ? (isInteractive() ? Mode.BAR : Mode.LOG) : mode;
        return switch (chosen) {
            case BAR -> new TerminalProgressBar(task, fileSize);
            case LOG -> new LogProgressReporter(task, file, fileSize);
            default -> NONE;
        };
    }

    /*
     * System.console() is non-null only when standard input and output are both a terminal; a run whose
     * output goes to a file or a pipe (cron, CI, a container log) gets plain log lines instead of a bar.
     */
    private static boolean isInteractive() {
        return System.console() != null;
    }
}
