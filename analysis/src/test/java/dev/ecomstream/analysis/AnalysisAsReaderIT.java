package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.OneLineFailureHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine;

/**
 * The analysis as a BI login runs it: every query, the headline numbers and the data tests, on the known shop,
 * by a login in {@code ecomstream_reader}, which reads mart and nothing else. A query that goes back to core or
 * staging fails here with "permission denied", whatever its answer.
 */
@ExtendWith(DevStackExtension.class)
class AnalysisAsReaderIT {

    private static final String PASSWORD = "analyst-secret";

    private static DevStack stack;
    private static DataSource owner;
    private static DataSource reader;
    private static String login;

    @BeforeAll
    static void createAReaderLogin(DevStack devStack) throws SQLException {
        stack = devStack;
        owner = KnownShop.shared(stack).database().dataSource();
        PGSimpleDataSource asReader = KnownShop.shared(stack).database()
                .createLogin("analyst", "ecomstream_reader", PASSWORD);
        login = asReader.getUser();
        reader = asReader;
    }

    @Test
    void shouldBeALoginThatCannotReadCoreOrStaging() {
        // without this, a reader role that had gained core would let every query below pass
        for (String forbidden : new String[] {"SELECT count(*) FROM core.order_items",
                "SELECT count(*) FROM staging.orders", "SELECT count(*) FROM personal.customer_contacts"}) {
            assertThatThrownBy(() -> {
                try (Connection connection = reader.getConnection();
                     Statement statement = connection.createStatement()) {
                    statement.executeQuery(forbidden).close();
                }
            }).as(forbidden).hasMessageContaining("permission denied");
        }
    }

    @TestFactory
    Stream<DynamicTest> eachQueryGivesTheReaderTheOwnersAnswer() {
        QueryRunner asReader = new QueryRunner(reader);
        QueryRunner asOwner = new QueryRunner(owner);
        return AnalysisQueryCatalog.load().all().stream().map(query -> DynamicTest.dynamicTest(query.name(), () -> {
            QueryResult answer = asReader.run(query);
            assertThat(answer.rows()).as(query.name()).isNotEmpty()
                    .containsExactlyElementsOf(asOwner.run(query).rows());
        }));
    }

    @Test
    void shouldGiveTheReaderTheHeadlineNumbers() {
        assertThat(HeadlineNumbers.read(reader)).isEqualTo(HeadlineNumbers.read(owner));
    }

    @Test
    void shouldPassEveryDataTestAsTheReader() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = OneLineFailureHandler.commandLine(new DataTestsCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));

        int exitCode = commandLine.execute("--pg-url", stack.postgres().jdbcUrl(KnownShop.shared(stack).database().name()),
                "--pg-user", login, "--pg-password", PASSWORD);

        int tests = DataTest.load().size();
        assertThat(out.toString()).contains(tests + " of " + tests + " data tests passed").doesNotContain("FAIL");
        assertThat(exitCode).isZero();
    }
}
