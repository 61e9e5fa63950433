package dev.ecomstream.sink;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The sink's logging set-up, in code rather than in a logback.xml: reading an XML configuration loads an XML parser
 * and Logback's Joran (some 600 classes), most of a second of start-up on a busy two-core machine, before the
 * sink can land its first row. An operator's own file still wins: with {@code -Dlogback.configurationFile=...},
 * or a logback.xml on the class path (the tests', the quickstart's), Logback reads that one instead.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class SinkLogging extends ContextAwareBase implements Configurator {

    /** Loggers quieter than INFO, and why. */
    private static final Map<String, Level> QUIETER = Map.of(
            "org.apache.kafka", Level.WARN,
            // while a broker is down it repeats "could not be established" several times a second; the sink says
            // once when Kafka becomes unreachable and once when it is back
            "org.apache.kafka.clients.NetworkClient", Level.ERROR,
            // the pool's start/stop lines and Flyway's per-migration lines repeat what the sink's own lines say
            "com.zaxxer.hikari", Level.WARN,
            // it logs a stack trace for every connection an outage breaks; the sink's own WARN line says it once
            "com.zaxxer.hikari.pool.ProxyConnection", Level.ERROR,
            "org.flywaydb", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = SinkLogging.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback.xml") != null
                || loader.getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        // SINK_LOG_LEVEL=DEBUG adds one line per batch; INFO has a summary every 5 s
        context.getLogger("dev.ecomstream").setLevel(Level.toLevel(System.getenv("SINK_LOG_LEVEL"), Level.INFO));
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
