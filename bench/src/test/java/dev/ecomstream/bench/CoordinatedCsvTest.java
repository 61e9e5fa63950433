package dev.ecomstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CoordinatedCsvTest {

    private static InputStream csv(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String transfer(String text, long expectedRecords) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long records = CoordinatedCsv.transfer(csv(text), "t", out::write);
        assertThat(records).isEqualTo(expectedRecords);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prefixesEveryRecordWithTopicPartitionZeroAndItsNumber() throws IOException {
        assertThat(transfer("id,name\n1,a\n2,b\n", 2)).isEqualTo("t,0,1,1,a\nt,0,2,2,b\n");
    }

    @Test
    void aNewlineInsideQuotesDoesNotEndTheRecord() throws IOException {
        assertThat(transfer("id,street\n1,\"Main St\n2nd floor\"\n2,\"x \"\"y\"\"\"\n", 2))
                .isEqualTo("t,0,1,1,\"Main St\n2nd floor\"\nt,0,2,2,\"x \"\"y\"\"\"\n");
    }

    @Test
    void keepsCrLfAndMultiByteCharactersAsTheyAre() throws IOException {
        assertThat(transfer("id,city\r\n1,São Paulo\r\n2,上海\r\n", 2))
                .isEqualTo("t,0,1,1,São Paulo\r\nt,0,2,2,上海\r\n");
    }

    @Test
    void skipsBlankLinesAndEndsTheLastRecordWithoutANewline() throws IOException {
        assertThat(transfer("id\n1\n\n2", 2)).isEqualTo("t,0,1,1\nt,0,2,2\n");
    }

    @Test
    void aHeaderWithAQuotedNewlineIsSkippedWhole() throws IOException {
        assertThat(transfer("id,\"odd\nname\"\n1,a\n", 1)).isEqualTo("t,0,1,1,a\n");
    }

    @Test
    void recordsLongerThanTheBufferSurvive() throws IOException {
        String big = "x".repeat(200_000);
        assertThat(transfer("id,text\n1," + big + "\n2,y\n", 2)).isEqualTo("t,0,1,1," + big + "\nt,0,2,2,y\n");
    }

    @Test
    void headerNamesWithoutByteOrderMarkOrQuotes() throws IOException {
        assertThat(CoordinatedCsv.header(csv("\uFEFFid,\"name\", city\n1,a,b\n")))
                .containsExactly("id", "name", "city");
    }
}
