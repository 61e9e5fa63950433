package dev.ecomstream.analysis;

/** An analysis step failed; the message names the query or file and what to fix. */
public final class AnalysisException extends RuntimeException {

    public AnalysisException(String message, Throwable cause) {
        super(message, cause);
    }
}
