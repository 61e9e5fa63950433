package dev.ecomstream.dashboard;

import static dev.ecomstream.dashboard.ShopCatalog.ADA;
import static dev.ecomstream.dashboard.ShopCatalog.TEE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * views and the mart and nothing of staging or core, every endpoint answers with figures.
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
            assertThat(client.json("/api/pipeline").at("/landed/rows").asLong()).isEqualTo(database.landedRows());
        } finally {
            server.stop();
        }
    }
}
