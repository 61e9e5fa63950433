package dev.ecomstream.bench;

import dev.ecomstream.devstack.DevStack;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The embedded Kafka broker and PostgreSQL of the devstack, started for this run and stopped after it. */
final class DevStackEnvironment implements BenchEnvironment {

    private static final Logger log = LoggerFactory.getLogger(DevStackEnvironment.class);

    private final DevStack stack;

    DevStackEnvironment() {
        this.stack = DevStack.start();
    }

    @Override
    public String bootstrapServers() {
        return stack.kafkaBootstrapServers();
    }

    @Override
    public Map<String, String> kafkaProperties() {
        return Map.of();
    }

    @Override
    public BenchDatabase createDatabase(String name) {
        DataSource dataSource = stack.postgres().createDatabase(name);
        return new BenchDatabase(name, stack.postgres().jdbcUrl(name), stack.postgres().user(),
                stack.postgres().password(), dataSource);
    }

    @Override
    public DataSource maintenanceDataSource() {
        return stack.postgres().dataSource("postgres");
    }

    @Override
    public void dropDatabase(String name) {
        try (Connection connection = maintenanceDataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            log.warn("Could not drop database {}: {}", name, e.getMessage());
        }
    }

    @Override
    public String description() {
        return "embedded devstack (Kafka broker in the bench JVM, PostgreSQL as local processes)";
    }

    @Override
    public boolean postgresIsLocal() {
        return true;
    }

    @Override
    public void close() {
        stack.close();
    }
}
