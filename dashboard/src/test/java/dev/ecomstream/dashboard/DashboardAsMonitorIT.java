package dev.ecomstream.dashboard;

import static dev.ecomstream.dashboard.ShopCatalog.ADA;
import static dev.ecomstream.dashboard.ShopCatalog.TEE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.testkit.Shop;
import dev.ecomstream.testkit.StagingDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard reads the published views only: run as a login in ecomstream_monitor (V015), which reads the ops
 * views and the mart and nothing of staging or core, every endpoint answers with figures, and the pipeline panel
 * tells open rejects from replayed ones (V018).
 */
@ExtendWith(DevStackExtension.class)
class DashboardAsMonitorIT {

    private static final String PASSWORD = "monitor-secret";
    private static final List<String> ENDPOINTS = List.of("/api/config", "/api/sales", "/api/orders-per-minute",
            "/api/events-per-minute", "/api/funnel", "/api/top-products", "/api/top-categories", "/api/pipeline",
            "/api/pipeline-trends");

    @Test
    void everyEndpointAnswersForALoginThatMayReadOnlyOpsAndTheMart(DevStack stack) throws SQLException {
        StagingDatabase database = StagingDatabase.create(stack, "monitor");
        Shop shop = ShopCatalog.newShop();
        shop.order(1, ADA, Instant.now().minus(Duration.ofMinutes(5)), "Processing", TEE);
        shop.landIn(database);
        database.normalise();
        // two records the sink could not land, of which an operator fixed and replayed one (sink rejected replay)
        database.execute("""
                INSERT INTO staging.rejected_records (kafka_topic, kafka_partition, kafka_offset, record_value, reason)
                VALUES ('ecomstream.orders', 0, 90, 'not json', 'value is not JSON'),
                       ('ecomstream.orders', 0, 91, '{', 'value is not JSON');
                UPDATE staging.rejected_records SET replayed_at = now(), replayed_partition = 0, replayed_offset = 95
                WHERE kafka_offset = 91""");
        DataSource monitor = database.createLogin("dashboard", "ecomstream_monitor", PASSWORD);
        try (Connection connection = monitor.getConnection(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SELECT count(*) FROM staging.sink_offsets"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.execute("SELECT count(*) FROM core.orders"))
                    .hasMessageContaining("permission denied");
        }

        DashboardServer server = new DashboardServer(DashboardOptions.defaults());
        try {
            URI url = server.start(monitor, null, 0);
            DashboardClient client = new DashboardClient(url);
            for (String endpoint : ENDPOINTS) {
                assertThat(client.get(endpoint).status()).as(endpoint).isEqualTo(200);
            }
            assertThat(client.json("/api/sales").at("/recent/orders").asLong()).isEqualTo(1);
            JsonNode pipeline = client.json("/api/pipeline");
            assertThat(pipeline.at("/landed/rows").asLong()).isEqualTo(database.landedRows());
            assertThat(pipeline.at("/rejected/open").asLong()).as("open rejects").isEqualTo(1);
            assertThat(pipeline.at("/rejected/replayed").asLong()).as("replayed rejects").isEqualTo(1);
        } finally {
            server.stop();
        }
    }
}
