package dk.certflow.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * certflow's logging, set up in code rather than from an XML file (reading logback.xml loaded some 450 classes, a
 * twentieth of those a start loads): one line per event on standard output, for the service manager (systemd, Docker)
 * to keep. Camel's own loggers say only warnings unless {@code CERTFLOW_CAMEL_LOG_LEVEL} asks for more. An operator's
 * {@code -Dlogback.configurationFile=...} still wins over all of this.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";
    static final String CAMEL_LEVEL_VARIABLE = "CERTFLOW_CAMEL_LOG_LEVEL";

    /** Libraries that say too much at INFO for an unattended service; the two Camel lines kept say what started. */
    private static final Map<String, Level> LEVELS = Map.of(
            "org.apache.camel.main.MainSupport", Level.INFO,
            "org.apache.camel.impl.engine.AbstractCamelContext", Level.INFO,
            "org.flywaydb", Level.WARN,
            "org.quartz", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "io.vertx", Level.WARN,
            "io.netty", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // the operator's own file, read by logback's usual configurator
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        context.getLogger("org.apache.camel").setLevel(camelLevel(System.getenv(CAMEL_LEVEL_VARIABLE)));
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The level asked for in CERTFLOW_CAMEL_LOG_LEVEL (TRACE ... ERROR, OFF), WARN when unset or not a level. */
    static Level camelLevel(String asked) {
        return Level.toLevel(asked == null ? null : asked.trim(), Level.WARN);
    }
}
