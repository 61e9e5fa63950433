package dev.ecomstream.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class StagingBatchWriterTest {

    @Test
    void shouldFindTheRefusedRowFromTheCopyLineInTheErrorContext() {
        PSQLException failure = copyError("COPY orders, line 17, column created_at: \"+300000-01-01 00:00:00Z\"");

        assertThat(StagingBatchWriter.refusedRow(failure, 40)).isEqualTo(16);
    }

    @Test
    void shouldFindTheCopyLineBelowOtherContextLines() {
        PSQLException failure = copyError("SQL statement \"SELECT 1\"\nCOPY events, line 3");

        assertThat(StagingBatchWriter.refusedRow(failure, 3)).isEqualTo(2);
    }

    @Test
    void shouldNameNoRowWhenTheErrorNamesNoLineOrOneNotSent() {
        assertThat(StagingBatchWriter.refusedRow(copyError(null), 10)).isEqualTo(-1);
        assertThat(StagingBatchWriter.refusedRow(copyError("COPY orders"), 10)).isEqualTo(-1);
        assertThat(StagingBatchWriter.refusedRow(copyError("COPY orders, line 11"), 10)).isEqualTo(-1);
        assertThat(StagingBatchWriter.refusedRow(copyError("COPY orders, line 0"), 10)).isEqualTo(-1);
        assertThat(StagingBatchWriter.refusedRow(copyError("COPY orders, line 99999999999"), 10)).isEqualTo(-1);
        assertThat(StagingBatchWriter.refusedRow(new SQLException("no server message", "22008"), 10)).isEqualTo(-1);
    }

    private static PSQLException copyError(String where) {
        String fields = "SERROR\0C22008\0Mtimestamp out of range\0" + (where == null ? "" : "W" + where + "\0");
        return new PSQLException(new ServerErrorMessage(fields));
    }
}
