package dev.ecomstream.devstack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker running inside this JVM: one KRaft node that is both broker and
 * controller, listening on 127.0.0.1 on ports chosen at start, with its log in a fresh temporary
 * directory.
 *
 * <p>It is configured for a single node (replication factor 1 for the internal topics, no
 * rebalance delay) and does not create topics on demand: the project creates its topics
 * explicitly, and a test that forgets to should fail rather than get a topic with the wrong
 * partition count. {@link #close()} stops the broker and deletes the directory.
 */
public final class EmbeddedKafkaBroker implements KafkaServer {

    private static final String KAFKA_LOG = "Kafka log";

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Partitions of a topic created without an explicit count. */
    public static final int DEFAULT_PARTITIONS = 3;

    private final KafkaRaftServer server;
    private final Path logDirectory;
    private final int brokerPort;
    private final int controllerPort;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path logDirectory, int brokerPort, int controllerPort) {
        this.server = server;
        this.logDirectory = logDirectory;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /**
     * Formats a new log directory and starts a broker on it. Returns once the broker accepts
     * client connections.
     *
     * @throws IllegalStateException if formatting or start-up fails; the message says which
     */
    public static EmbeddedKafkaBroker start() {
        Path logDirectory = TemporaryDirectory.create("ecomstream-kafka-", KAFKA_LOG);
        try {
            int[] ports = FreePorts.pick(2);
            KafkaConfig config = new KafkaConfig(brokerProperties(logDirectory, ports[0], ports[1]), false);
            format(config, logDirectory);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                shutDown(server);
                throw new IllegalStateException("Kafka broker failed to start on 127.0.0.1:" + ports[0]
                        + " (controller port " + ports[1] + "): " + e.getMessage()
                        + "; if another process took one of these ports meanwhile, start again", e);
            }
            return new EmbeddedKafkaBroker(server, logDirectory, ports[0], ports[1]);
        } catch (RuntimeException e) {
            TemporaryDirectory.delete(logDirectory, KAFKA_LOG);
            throw e;
        }
    }

    /** The {@code bootstrap.servers} value for clients: {@code 127.0.0.1:<port>}. */
    @Override
    public String bootstrapServers() {
        return FreePorts.LOOPBACK.getHostAddress() + ":" + brokerPort;
    }

    /** The port clients connect to. */
    public int brokerPort() {
        return brokerPort;
    }

    /** The port of the KRaft controller listener (not for clients). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The temporary directory that holds the broker's log and metadata; deleted by {@link #close()}. */
    public Path logDirectory() {
        return logDirectory;
    }

    /** Stops the broker, waits until it has released its ports, and deletes its log directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            shutDown(server);
        } finally {
            TemporaryDirectory.delete(logDirectory, KAFKA_LOG);
        }
    }

    private static Properties brokerProperties(Path logDirectory, int brokerPort, int controllerPort) {
        String host = FreePorts.LOOPBACK.getHostAddress();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        props.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", logDirectory.toString());

        // one node: every internal topic can have only one replica
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("default.replication.factor", "1");

        // fewer internal partitions than the default 50: the first consumer group and the first
        // transaction create these topics, and on two cores 50 partitions cost seconds
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");

        // consumer groups form at once instead of waiting 3 s for more members
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", String.valueOf(DEFAULT_PARTITIONS));
        return props;
    }

    /** Writes meta.properties and the bootstrap metadata, as {@code kafka-storage.sh format} does. */
    private static void format(KafkaConfig config, Path logDirectory) {
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(formatterOutput, true, StandardCharsets.UTF_8))
                .setNodeId(config.nodeId())
                .setClusterId(Uuid.randomUuid().toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDirectory.toString())
                .addDirectory(logDirectory.toString());
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the Kafka log directory " + logDirectory + ": "
                    + e.getMessage() + "; formatter said: " + formatterOutput.toString(StandardCharsets.UTF_8).trim(), e);
        }
    }

    private static void shutDown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }
}
