package dev.ecomstream.producers;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The lines a class logs while a test runs, as a user would read them (level and message). */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public CapturedLog(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        appender.start();
        logger.addAppender(appender);
    }

    public List<String> lines() {
        return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** The exceptions logged with the lines (their stack traces), by class name: none for an expected failure. */
    public List<String> throwables() {
        return appender.list.stream().filter(e -> e.getThrowableProxy() != null)
                .map(e -> e.getThrowableProxy().getClassName()).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
