package dev.ecomstream.sink;

import dev.ecomstream.schema.Entity;
import dev.ecomstream.schema.HttpListenOptions;
import dev.ecomstream.schema.KafkaConnectionOptions;
import dev.ecomstream.schema.PostgresOptions;
import dev.ecomstream.schema.SecretMasking;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The sink's configuration, validated once and frozen for the life of the process. Built with {@link #builder()},
 * which starts from the defaults stated here (the command line's defaults are these constants too).
 *
 * @param entityByTopic    which topic feeds which staging table
 * @param kafkaProperties  extra Kafka consumer properties, passed through
 * @param startFromBeginning where a partition with no stored offset starts (auto.offset.reset)
 * @param migrate          run the Flyway migrations at start; when false, only check the tables exist
 * @param httpAddress      where {@code /health} and {@code /metrics} listen
 * @param httpPort         their port; 0 picks a free one, -1 serves neither
 * @param normaliseInterval how often the normaliser runs after commits; zero leaves it to another process
 * @param acceptOffsetGaps  go on past a stored offset outside the log (recording the gap) instead of stopping
 *                          the partition
 * @param instanceId        this instance's stable name in the group (static membership): a restarted instance
 *                          takes its partitions back at once
 * @param stagingRetention  staging day partitions older than this, whose rows core holds, are dropped; zero keeps
 *                          every staging row
 */
public record SinkSettings(String bootstrapServers, String consumerGroup, Map<String, Entity> entityByTopic,
                           Map<String, String> kafkaProperties, String jdbcUrl, String dbUser, String dbPassword,
                           int batchMaxRows, long batchMaxBytes, Duration batchMaxAge, int maxRecordBytes,
                           boolean startFromBeginning, boolean migrate, String httpAddress, int httpPort,
                           Duration normaliseInterval, boolean acceptOffsetGaps, String instanceId,
                           Duration stagingRetention) {

    public static final String DEFAULT_GROUP = "ecomstream-sink";
    public static final int DEFAULT_BATCH_ROWS = 20_000;
    public static final long DEFAULT_BATCH_BYTES = 16L << 20;
    public static final long DEFAULT_BATCH_MAX_AGE_MS = 500;
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final long DEFAULT_NORMALISE_INTERVAL_MS = 5_000;
    public static final long DEFAULT_STAGING_RETENTION_DAYS = 7;

    /** What Kafka accepts as a group.instance.id (its Topic name rules). */
    private static final String KAFKA_NAME_CHARACTERS = "a-zA-Z0-9._-";
    private static final int MAX_INSTANCE_ID_LENGTH = 249;
    private static final Pattern VALID_INSTANCE_ID =
            Pattern.compile("[" + KAFKA_NAME_CHARACTERS + "]{1," + MAX_INSTANCE_ID_LENGTH + "}");

    public SinkSettings {
        entityByTopic = Map.copyOf(entityByTopic);
        kafkaProperties = Map.copyOf(kafkaProperties);
        StringBuilder problems = new StringBuilder();
        if (entityByTopic.isEmpty()) {
            problems.append("\n  no topics to consume");
        }
        if (batchMaxRows < 1) {
            problems.append("\n  --batch-rows must be at least 1, was ").append(batchMaxRows);
        }
        if (batchMaxBytes < 1) {
            problems.append("\n  --batch-bytes must be at least 1, was ").append(batchMaxBytes);
        }
        if (batchMaxAge.isNegative() || batchMaxAge.isZero()) {
            problems.append("\n  --batch-max-age-ms must be positive, was ").append(batchMaxAge.toMillis());
        }
        if (maxRecordBytes < 1) {
            problems.append("\n  --max-record-bytes must be at least 1, was ").append(maxRecordBytes);
        }
        if (httpPort < -1 || httpPort > 65535) {
            problems.append("\n  --http-port must be -1 (off), 0 (any free port) or a port number, was ")
                    .append(httpPort);
        }
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            problems.append("\n  --pg-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), was ")
                    .append(jdbcUrl);
        }
        if (normaliseInterval.isNegative()) {
            problems.append("\n  --normalise-interval-ms must be 0 (off) or positive, was ")
                    .append(normaliseInterval.toMillis());
        }
        if (stagingRetention.isNegative()) {
            problems.append("\n  --staging-retention must be 0 (keep every staging row) or a number of days, was ")
                    .append(stagingRetention.toDays());
        }
        if (instanceId == null || !VALID_INSTANCE_ID.matcher(instanceId).matches()) {
            problems.append("\n  --instance-id must be 1 to ").append(MAX_INSTANCE_ID_LENGTH)
                    .append(" of the characters Kafka allows (ASCII letters, digits, '.', '_' and '-'), was '")
                    .append(instanceId).append('\'');
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid sink settings:" + problems);
        }
    }

    /** Settings starting from the defaults: every topic, local Kafka and PostgreSQL, HTTP on loopback. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Names each setting as it is set; what is not set keeps its default. {@link #build()} validates them all and
     * reports every problem at once.
     */
    public static final class Builder {

        private String bootstrapServers = KafkaConnectionOptions.DEFAULT_BOOTSTRAP_SERVERS;
        private Map<String, String> kafkaProperties = Map.of();
        private String consumerGroup = DEFAULT_GROUP;
        private Map<String, Entity> entityByTopic = defaultTopics();
        private String jdbcUrl = PostgresOptions.DEFAULT_URL;
        private String dbUser = PostgresOptions.DEFAULT_USER;
        private String dbPassword;
        private int batchMaxRows = DEFAULT_BATCH_ROWS;
        private long batchMaxBytes = DEFAULT_BATCH_BYTES;
        private Duration batchMaxAge = Duration.ofMillis(DEFAULT_BATCH_MAX_AGE_MS);
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private boolean startFromBeginning = true;
        private boolean migrate = true;
        private String httpAddress = HttpListenOptions.LOOPBACK;
        private int httpPort = DEFAULT_HTTP_PORT;
        private Duration normaliseInterval = Duration.ofMillis(DEFAULT_NORMALISE_INTERVAL_MS);
        private boolean acceptOffsetGaps;
        private String instanceId;
        private Duration stagingRetention = Duration.ofDays(DEFAULT_STAGING_RETENTION_DAYS);

        private Builder() {
        }

        /** Kafka's bootstrap servers and any further client properties (security settings, tuning). */
        public Builder kafka(String servers, Map<String, String> properties) {
            this.bootstrapServers = servers;
            this.kafkaProperties = properties;
            return this;
        }

        public Builder consumerGroup(String group) {
            this.consumerGroup = group;
            return this;
        }

        public Builder entityByTopic(Map<String, Entity> topics) {
            this.entityByTopic = topics;
            return this;
        }

        /** @param password null to let the driver read PostgreSQL's password file */
        public Builder postgres(String url, String user, String password) {
            this.jdbcUrl = url;
            this.dbUser = user;
            this.dbPassword = password;
            return this;
        }

        /** A batch is landed when it holds this many records... */
        public Builder batchMaxRows(int maxRows) {
            this.batchMaxRows = maxRows;
            return this;
        }

        /** ...or its values add up to this many bytes... */
        public Builder batchMaxBytes(long maxBytes) {
            this.batchMaxBytes = maxBytes;
            return this;
        }

        /** ...or its first record arrived this long ago. */
        public Builder batchMaxAge(Duration maxAge) {
            this.batchMaxAge = maxAge;
            return this;
        }

        public Builder maxRecordBytes(int bytes) {
            this.maxRecordBytes = bytes;
            return this;
        }

        public Builder startFromBeginning(boolean fromBeginning) {
            this.startFromBeginning = fromBeginning;
            return this;
        }

        public Builder migrate(boolean runMigrations) {
            this.migrate = runMigrations;
            return this;
        }

        /** @param port 0 for any free port, -1 to serve neither /health nor /metrics */
        public Builder http(String address, int port) {
            this.httpAddress = address;
            this.httpPort = port;
            return this;
        }

        /** Neither /health nor /metrics: for a sink embedded in another process that reports its health itself. */
        public Builder withoutHttp() {
            return http(HttpListenOptions.LOOPBACK, -1);
        }

        public Builder normaliseInterval(Duration interval) {
            this.normaliseInterval = interval;
            return this;
        }

        public Builder acceptOffsetGaps(boolean accept) {
            this.acceptOffsetGaps = accept;
            return this;
        }

        /** @param id null for {@link #defaultInstanceId()} */
        public Builder instanceId(String id) {
            this.instanceId = id;
            return this;
        }

        /** Staging day partitions older than this, whose rows core holds, are dropped; zero keeps every row. */
        public Builder stagingRetention(Duration retention) {
            this.stagingRetention = retention;
            return this;
        }

        public SinkSettings build() {
            return new SinkSettings(bootstrapServers, consumerGroup, entityByTopic, kafkaProperties, jdbcUrl, dbUser,
                    dbPassword, batchMaxRows, batchMaxBytes, batchMaxAge, maxRecordBytes, startFromBeginning, migrate,
                    httpAddress, httpPort, normaliseInterval, acceptOffsetGaps,
                    instanceId == null ? defaultInstanceId() : instanceId, stagingRetention);
        }
    }

    /**
     * The host's name: stable across restarts of an instance, and distinct between hosts. Instances of one group
     * on one host need an --instance-id each.
     */
    public static String defaultInstanceId() {
        try {
            return instanceIdOn(java.net.InetAddress.getLocalHost().getHostName());
        } catch (java.net.UnknownHostException e) {
            return instanceIdOn(System.getenv("HOSTNAME"));
        }
    }

    /** {@code ecomstream-sink.<host>}, with the characters Kafka refuses in an instance id made '_'. */
    static String instanceIdOn(String host) {
        String name = host == null || host.isBlank() ? "localhost"
                : host.replaceAll("[^" + KAFKA_NAME_CHARACTERS + "]", "_");
        String id = "ecomstream-sink." + name;
        return id.length() <= MAX_INSTANCE_ID_LENGTH ? id : id.substring(0, MAX_INSTANCE_ID_LENGTH);
    }

    /** The default topic of every entity. */
    public static Map<String, Entity> defaultTopics() {
        Map<String, Entity> topics = new TreeMap<>();
        for (Entity entity : Entity.values()) {
            topics.put(entity.topic(), entity);
        }
        return topics;
    }

    /** Everything but the password, for the start-up log line. */
    @Override
    public String toString() {
        return "bootstrap.servers=" + bootstrapServers + ", group=" + consumerGroup + ", topics="
                + new TreeMap<>(entityByTopic).keySet() + ", kafka properties=" + SecretMasking.masked(kafkaProperties)
                + ", pg-url=" + SecretMasking.maskedUrl(jdbcUrl) + ", pg-user=" + dbUser + ", pg-password="
                + (dbPassword == null ? "(none: PostgreSQL's password file, if any)" : "[hidden]")
                + ", batch=" + batchMaxRows + " rows/" + batchMaxBytes + " bytes/" + batchMaxAge.toMillis() + " ms"
                + ", max record=" + maxRecordBytes + " bytes, start=" + (startFromBeginning ? "earliest" : "latest")
                + ", migrations=" + (migrate ? "run" : "skipped (tables checked)")
                + ", http=" + (httpPort < 0 ? "off" : httpAddress + ":" + httpPort)
                + ", normalise every " + (normaliseInterval.isZero() ? "(off)" : normaliseInterval.toMillis() + " ms")
                + ", instance=" + instanceId + ", offset gaps=" + (acceptOffsetGaps ? "accepted and recorded" : "stop")
                + ", staging retention=" + (stagingRetention.isZero() ? "(keep all)" : stagingRetention.toDays() + " days");
    }
}
