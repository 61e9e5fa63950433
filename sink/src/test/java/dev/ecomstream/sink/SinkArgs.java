package dev.ecomstream.sink;

import dev.ecomstream.devstack.DevStack;
import dev.ecomstream.sink.testing.TcpProxy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The command line of a sink under test, built the way an operator writes it, so in-process sinks go through
 * the same flag parsing and validation as the packaged jar.
 */
final class SinkArgs {

    private final List<String> args = new ArrayList<>();

    private SinkArgs() {
    }

    /** A sink of one entity's topic into one database of the devstack, with small fast batches and no HTTP. */
    static SinkArgs forTopic(DevStack devStack, String entity, String topic, String database, String group) {
        return new SinkArgs()
                .with("--bootstrap-servers", devStack.kafkaBootstrapServers())
                .with("--group", group)
                .with("--entities", entity)
                .with("--topic", entity + "=" + topic)
                .with("--pg-url", devStack.postgres().jdbcUrl(database))
                .with("--pg-user", devStack.postgres().user())
                .with("--pg-password", devStack.postgres().password())
                .with("--batch-rows", "300")
                .with("--batch-max-age-ms", "100")
                .with("--http-port", "-1");
    }

    /** Adds (or, for a flag already given, replaces) {@code flag value}. */
    SinkArgs with(String flag, String value) {
        int at = args.indexOf(flag);
        if (at >= 0 && !flag.equals("--kafka-property")) {
            args.set(at + 1, value);
        } else {
            args.add(flag);
            args.add(value);
        }
        return this;
    }

    SinkArgs with(String flag) {
        args.add(flag);
        return this;
    }

    /**
     * Consumer settings that let a group notice a dead or paused member in seconds instead of 45, and a database
     * session that ends a paused member's open transaction after 3 s instead of a minute.
     */
    SinkArgs withShortSessions() {
        String url = args.get(args.indexOf("--pg-url") + 1);
        return with("--kafka-property", "session.timeout.ms=6000")
                .with("--kafka-property", "heartbeat.interval.ms=1000")
                .with("--pg-url", url + (url.contains("?") ? "&" : "?")
                        + "options=-c%20idle_in_transaction_session_timeout%3D3000");
    }

    /** PostgreSQL through {@code proxy} (to the same server and database), for a test that cuts the connection. */
    SinkArgs withPostgresThrough(TcpProxy proxy) {
        String url = args.get(args.indexOf("--pg-url") + 1);
        return with("--pg-url", url.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"));
    }

    /** Kafka through {@code proxy}, for a test that cuts the connection. */
    SinkArgs withKafkaThrough(TcpProxy proxy) {
        return with("--bootstrap-servers", "127.0.0.1:" + proxy.port());
    }

    /** {@code /health} and {@code /metrics} on a free port of this machine. */
    SinkArgs withHttpOnAnyPort() {
        return with("--http-address", "127.0.0.1").with("--http-port", "0");
    }

    List<String> toList() {
        return List.copyOf(args);
    }

    SinkSettings settings() {
        SinkCommand command = new SinkCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.settings();
    }
}
