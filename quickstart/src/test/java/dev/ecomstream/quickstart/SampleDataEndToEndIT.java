package dev.ecomstream.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.devstack.DevStackExtension;
import dev.ecomstream.schema.ColumnDefinition;
import dev.ecomstream.schema.ColumnType;
import dev.ecomstream.schema.Entity;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The committed sample CSVs through the producers and the sink into staging, on a real broker and a real
 * PostgreSQL; every field of every row is compared with the CSV it came from.
 */
@ExtendWith(DevStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleDataEndToEndIT {

    static final Path SAMPLE_DATA = Path.of("..", "data");

    private DataSource database;
    private QuickstartPipeline pipeline;
    private List<EntityCounts> counts;

    @BeforeAll
    void runThePipeline(DevStack devStack) throws Exception {
        String name = "end_to_end";
        database = devStack.postgres().createDatabase(name);
        pipeline = new QuickstartPipeline(devStack.kafkaBootstrapServers(), devStack.postgres().jdbcUrl(name),
                devStack.postgres().user(), devStack.postgres().password(), database, database);
        counts = pipeline.publishAndWait(SAMPLE_DATA, Duration.ofMinutes(5));
    }

    @AfterAll
    void stopTheSink() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldLandEveryRowOfEverySampleFileOnce() throws Exception {
        for (EntityCounts entityCounts : counts) {
            Entity entity = entityCounts.entity();
            long rowsInFile = readCsv(entity).size();
            assertThat(rowsInFile).as("%s sample rows", entity).isGreaterThan(0);
            assertThat(entityCounts.read()).as("%s read", entity).isEqualTo(rowsInFile);
            assertThat(entityCounts.published()).as("%s published", entity).isEqualTo(rowsInFile);
            assertThat(entityCounts.rejected()).as("%s rejected", entity).isZero();
            assertThat(entityCounts.landed()).as("%s landed", entity).isEqualTo(rowsInFile);
            assertThat(count("SELECT count(DISTINCT " + entity.keyColumn() + ") FROM " + entity.stagingTable()))
                    .as("%s distinct keys", entity).isEqualTo(rowsInFile);
        }
    }

    @Test
    void shouldKeepEveryFieldAsTheCsvHasIt() throws Exception {
        for (Entity entity : Entity.values()) {
            Map<String, CSVRecord> csvById = readCsv(entity).stream()
                    .collect(Collectors.toMap(r -> r.get(entity.keyColumn()), r -> r));
            int compared = 0;
            try (Connection connection = database.getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT * FROM " + entity.stagingTable())) {
                while (rows.next()) {
                    CSVRecord csv = csvById.get(rows.getString(entity.keyColumn()));
                    assertThat(csv).as("%s row %s comes from the CSV", entity, rows.getString(1)).isNotNull();
                    for (ColumnDefinition column : entity.columns()) {
                        if (!csv.isMapped(column.name())) {
                            continue;
                        }
                        assertSameValue(entity, column, csv.get(column.name()), rows);
                        compared++;
                    }
                }
            }
            assertThat(compared).as("%s fields compared", entity).isGreaterThan(csvById.size());
        }
    }

    @Test
    void shouldNormaliseEverySampleRowIntoCoreWithNothingPending() throws Exception {
        Map<String, Long> core = pipeline.normaliseAndCountCore(Duration.ofMinutes(2));
        for (Entity entity : Entity.values()) {
            assertThat(core.get(entity.entityName())).as("core.%s", entity.entityName())
                    .isEqualTo(readCsv(entity).size());
        }
        assertThat(count("SELECT count(*) FROM core.pending")).isZero();
        assertThat(count("SELECT count(*) FROM mart.fact_order_items")).isEqualTo(readCsv(Entity.ORDER_ITEMS).size());
        assertThat(count("SELECT count(DISTINCT session_id) FROM staging.events")).isEqualTo(core.get("sessions"));
    }

    @Test
    void shouldCoverTheTrickyValuesOfTheRealExports() throws Exception {
        assertThat(count("SELECT count(*) FROM staging.events WHERE user_id IS NULL"))
                .as("anonymous events (null user_id)").isPositive();
        assertThat(count("SELECT count(*) FROM staging.users WHERE first_name || last_name || city ~ '[^\\x01-\\x7F]'"))
                .as("non-ASCII names").isPositive();
        assertThat(count("SELECT count(*) FROM staging.products WHERE name LIKE '%,%' AND name LIKE '%''%'"))
                .as("product names with commas and apostrophes").isPositive();
        assertThat(count("SELECT count(*) FROM staging.inventory_items WHERE sold_at IS NULL"))
                .as("unsold inventory (null timestamps)").isPositive();
        assertThat(count("SELECT count(*) FROM staging.users WHERE postal_code ~ '^0'"))
                .as("postal codes with leading zeros").isPositive();
        assertThat(count("SELECT count(*) FROM staging.products WHERE length(cost::text) >= 17"))
                .as("decimals with many significant digits").isPositive();
    }

    private static void assertSameValue(Entity entity, ColumnDefinition column, String csvText, ResultSet rows)
            throws SQLException {
        String where = entity.entityName() + "." + column.name() + " of id " + rows.getString(entity.keyColumn());
        if (csvText.isEmpty()) {
            assertThat(rows.getObject(column.name())).as(where).isNull();
            return;
        }
        Object expected = column.type().parseText(csvText);
        switch (column.type()) {
            case TIMESTAMPTZ -> assertThat(rows.getObject(column.name(), OffsetDateTime.class).toInstant())
                    .as(where).isEqualTo((Instant) expected);
            case NUMERIC -> assertThat(rows.getBigDecimal(column.name())).as(where)
                    .isEqualTo((BigDecimal) expected);
            case BIGINT -> assertThat(rows.getLong(column.name())).as(where).isEqualTo(expected);
            case INTEGER -> assertThat(rows.getInt(column.name())).as(where).isEqualTo(expected);
            default -> assertThat(rows.getString(column.name())).as(where)
                    .isEqualTo(column.type() == ColumnType.UUID ? csvText.toLowerCase() : csvText);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = database.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static List<CSVRecord> readCsv(Entity entity) throws Exception {
        try (Reader reader = Files.newBufferedReader(SAMPLE_DATA.resolve(entity.csvFileName()), StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            return parser.getRecords();
        }
    }
}
