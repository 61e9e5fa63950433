package dev.ecomstream.schema.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(DevStackExtension.class)
class NormaliseCommandIT {

    @Test
    void shouldNormaliseOnceAndPrintTheCountsPerEntity(DevStack stack) {
        StagingDatabase db = StagingDatabase.create(stack, "command");
        ShopFixture.landAll(db);
        String database = (String) db.scalar("SELECT current_database()");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new NormaliseCommand()).setOut(new PrintWriter(out));

        int exitCode = command.execute("--pg-url", stack.postgres().jdbcUrl(database),
                "--pg-user", stack.postgres().user(), "--pg-password", stack.postgres().password());

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("entity", "inserted", "updated", "inferred", "pending", "deferred")
                .containsPattern("order_items\\s+1\\s+0\\s+0\\s+0\\s+0")
                .containsPattern("events\\s+2\\s+0\\s+0\\s+0\\s+0")
                .containsPattern("total\\s+8\\s+0\\s+0\\s+0\\s+0");
        assertThat(db.scalar("SELECT count(*) FROM core.order_items")).isEqualTo(1L);
    }
}
