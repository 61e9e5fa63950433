package dev.ecomstream.devstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and PostgreSQL in containers, for people who have Docker: selected with the Maven profile
 * {@code testcontainers}, which sets {@code -Decomstream.devstack=testcontainers}. The same integration
 * tests run against it unchanged.
 */
public final class ContainerStack {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerStack.class);
    private static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:4.1.0");
    private static final DockerImageName POSTGRES_IMAGE = DockerImageName.parse("postgres:17-alpine");

    private ContainerStack() {
    }

    /** Starts both containers; called reflectively by {@link DevStack#start()}. */
    public static DevStack start() {
        long startedAt = System.nanoTime();
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        kafka.start();
        PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE);
        try {
            postgres.start();
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
        LOG.info("Container stack started in {} ms: Kafka at {}, PostgreSQL at {}",
                (System.nanoTime() - startedAt) / 1_000_000, kafka.getBootstrapServers(), postgres.getJdbcUrl());
        return new DevStack(new ContainerKafka(kafka), new ContainerPostgres(postgres));
    }

    private record ContainerKafka(KafkaContainer container) implements KafkaServer {

        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    private static final class ContainerPostgres extends PostgresServer {

        private final PostgreSQLContainer container;

        ContainerPostgres(PostgreSQLContainer container) {
            this.container = container;
        }

        @Override
        public String host() {
            return container.getHost();
        }

        @Override
        public int port() {
            return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        }

        @Override
        public String user() {
            return container.getUsername();
        }

        @Override
        public String password() {
            return container.getPassword();
        }

        @Override
        public void close() {
            container.stop();
        }
    }
}
