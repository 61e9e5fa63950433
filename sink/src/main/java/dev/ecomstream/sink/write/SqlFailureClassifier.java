package dev.ecomstream.sink.write;

import java.sql.SQLException;

/** Decides how to react to a failed batch from the SQLState PostgreSQL reported. */
public final class SqlFailureClassifier {

    /** What to do about a failed batch. */
    public enum Reaction {
        /** The database is unreachable, restarting or busy: keep the batch and try it again later. */
        RETRY_BATCH,
        /** PostgreSQL refused a value: find the offending rows, reject them, land the rest. */
        ISOLATE_ROWS,
        /** Configuration or schema is wrong (missing table, authentication): stop and say what to fix. */
        FATAL
    }

    private SqlFailureClassifier() {
    }

    public static Reaction classify(SQLException failure) {
        String state = failure.getSQLState();
        if (state == null) {
            // PgJDBC reports I/O failures (connection reset, closed) without a state.
            return Reaction.RETRY_BATCH;
        }
        if (state.startsWith("08") // connection exception
                || state.startsWith("53") // insufficient resources
                || state.startsWith("57P") // admin/crash shutdown, cannot connect now
                || state.equals("40001") || state.equals("40P01") // serialization failure, deadlock
                || state.equals("55P03") // lock not available
                || state.equals("57014")) { // statement timeout or cancelled
            return Reaction.RETRY_BATCH;
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return Reaction.ISOLATE_ROWS;
        }
        return Reaction.FATAL;
    }
}
