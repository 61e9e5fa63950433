package dev.ecomstream.schema;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How every command reports a run that failed (picocli itself reports a bad command line, exit code 2): a
 * failure the command expects, whose message says what to fix, as one line {@code <command> failed: <message>}
 * on the command's error stream, where picocli writes its usage errors too, with no stack trace to bury it;
 * any other failure is a bug, written with its stack trace for the report. Both exit with code 1. A message
 * of several lines (a list of problems) is written whole: it is still one report, without a trace.
 */
public final class OneLineFailureHandler implements IExecutionExceptionHandler {

    /** The exit code of a failed run. */
    public static final int FAILED = 1;

    private final List<Class<?>> expected;

    private OneLineFailureHandler(List<Class<?>> expected) {
        this.expected = expected;
    }

    /**
     * {@code command}'s command line, as its {@code main} runs it and the tests drive it, for a command whose every
     * failure is expected: its message says what to fix.
     */
    public static CommandLine commandLine(Object command) {
        return new CommandLine(command).setExecutionExceptionHandler(expecting(Exception.class));
    }

    /** A handler for which the failures of these exception classes (and their subclasses) are expected. */
    public static OneLineFailureHandler expecting(Class<?>... kinds) {
        return new OneLineFailureHandler(List.of(kinds));
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        String command = commandLine.getCommandSpec().qualifiedName();
        if (expected.stream().anyMatch(kind -> kind.isInstance(exception))) {
            // a host in a --pg-url that does not resolve gets what to fix: PgJDBC only says the connection failed
            err.println(command + " failed: " + PostgresOptions.withUnresolvedHostAdvice(messageOf(exception), exception));
        } else {
            err.println(command + " failed unexpectedly; please report it with this trace:");
            exception.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /* An UncheckedIOException's own message starts with its cause's class name, so the cause speaks. */
    private static String messageOf(Exception exception) {
        Throwable speaker = exception instanceof UncheckedIOException && exception.getCause() != null
                ? exception.getCause() : exception;
        String message = speaker.getMessage();
        return message == null || message.isBlank() ? speaker.getClass().getSimpleName() : message;
    }
}
