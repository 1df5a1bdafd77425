package dk.certflow.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {

    @Test
    void logbackFindsTheSetupAndLogsOneLinePerEventOnStandardOutput() {
        // the logging of this very test run: found through META-INF/services, no logback.xml involved
        LoggerContext running = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertConsoleLine(running);
        assertThat(running.getLogger("org.apache.camel").getLevel()).isEqualTo(LogSetup.camelLevel(System.getenv(LogSetup.CAMEL_LEVEL_VARIABLE)));
        assertThat(Thread.currentThread().getContextClassLoader().getResource("logback.xml"))
                .as("one setup only: a logback.xml on the class path would be ignored and mislead its reader").isNull();
    }

    @Test
    void camelSaysOnlyWarningsButWhatStartedAndOtherLibrariesAreQuietened() {
        LoggerContext context = new LoggerContext();
        assertThat(configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertConsoleLine(context);
        assertThat(context.getLogger("org.apache.camel.component.file.FileConsumer").getEffectiveLevel()).isIn(Level.WARN,
                LogSetup.camelLevel(System.getenv(LogSetup.CAMEL_LEVEL_VARIABLE)));
        assertThat(context.getLogger("org.apache.camel.main.MainSupport").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.apache.camel.impl.engine.AbstractCamelContext").getEffectiveLevel()).isEqualTo(Level.INFO);
        for (String chatty : new String[] {"org.flywaydb.core.Flyway", "org.quartz.core.QuartzScheduler", "com.zaxxer.hikari.HikariDataSource",
                "io.vertx.core.impl.VertxImpl", "io.netty.util.NetUtil"}) {
            assertThat(context.getLogger(chatty).getEffectiveLevel()).as(chatty).isEqualTo(Level.WARN);
        }
        assertThat(context.getLogger("dk.certflow.intake.BundleProcessor").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void theCamelLevelComesFromTheEnvironmentVariableAndFallsBackToWarnings() {
        assertThat(LogSetup.camelLevel(null)).isEqualTo(Level.WARN);
        assertThat(LogSetup.camelLevel("INFO")).isEqualTo(Level.INFO);
        assertThat(LogSetup.camelLevel(" debug ")).isEqualTo(Level.DEBUG);
        assertThat(LogSetup.camelLevel("loud")).isEqualTo(Level.WARN);
    }

    @Test
    void anOperatorsOwnLogbackFileIsLeftToLogback() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/etc/certflow/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            assertThat(configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }

    private static Configurator.ExecutionStatus configure(LoggerContext context) {
        LogSetup setup = new LogSetup();
        setup.setContext(context);
        return setup.configure(context);
    }

    private static void assertConsoleLine(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT");
        assertThat(console.isStarted()).isTrue();
        assertThat(console.getTarget()).isEqualTo("System.out");
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).isEqualTo(LogSetup.PATTERN);
    }
}
