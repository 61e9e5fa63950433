package dev.ecomstream.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.OneLineFailureHandler;
import dev.ecomstream.testkit.StagingDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The {@code data-tests} command on live data: the known shop passes, a status nobody knows fails. */
@ExtendWith(DevStackExtension.class)
class DataTestsIT {

    private final DevStack stack;

    DataTestsIT(DevStack stack) {
        this.stack = stack;
    }

    private record Run(int exitCode, String out) {
    }

    private Run dataTests(String database) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = OneLineFailureHandler.commandLine(new DataTestsCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        int exitCode = commandLine.execute("--pg-url", stack.postgres().jdbcUrl(database),
                "--pg-user", stack.postgres().user(), "--pg-password", stack.postgres().password());
        return new Run(exitCode, out.toString());
    }

    @Test
    void shouldPassEveryTestOnTheShop() {
        Run run = dataTests(KnownShop.shared(stack).database().name());

        int tests = DataTest.load().size();
        assertThat(run.out()).contains("PASS relationship fact_events.session_key -> fact_sessions.session_key")
                .contains("PASS accepted_values fact_order_items.item_status in ")
                .contains(tests + " of " + tests + " data tests passed").doesNotContain("FAIL");
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void shouldFailOnAStatusOutsideTheAcceptedValuesAndSayWhichRows() {
        StagingDatabase database = StagingDatabase.create(stack, "data_tests_bad_status");
        database.execute("INSERT INTO core.order_items (order_item_id, status, sale_price, source_staging_id)"
                + " VALUES (1, 'Complete', 10, 0), (2, 'Lost', 10, 0)");

        Run run = dataTests(database.name());

        assertThat(run.out()).contains("FAIL accepted_values fact_order_items.item_status in "
                        + "Processing,Shipped,Complete,Cancelled,Returned: 1 row (SELECT count(*)")
                .contains("PASS unique fact_order_items.order_item_key");
        assertThat(run.exitCode()).isEqualTo(1);
    }
}
