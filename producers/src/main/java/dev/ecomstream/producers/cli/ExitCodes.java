package dev.ecomstream.producers.cli;

import dev.ecomstream.schema.OneLineFailureHandler;

/** The producers' exit codes, as documented in the README. */
public final class ExitCodes {

    /** Every row read was published. */
    public static final int ALL_PUBLISHED = 0;
    /** The run failed: unreadable file, wrong header, Kafka refused records, or a bad row with --fail-fast. */
    public static final int FAILED = OneLineFailureHandler.FAILED;
    /** The command line was wrong (picocli's usage error code). */
    public static final int USAGE = 2;
    /** The run completed, but some rows were rejected (they are in the rejects file). */
    public static final int ROWS_REJECTED = 3;

    private ExitCodes() {
    }
}
