package dev.checkpoint.logstore;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Collects the log events of a logger (and its children) while open. */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final Level previous;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String name, Level level) {
    logger = (Logger) LoggerFactory.getLogger(name);
    previous = logger.getLevel();
    logger.setLevel(level);
    appender.start();
    logger.addAppender(appender);
  }

  /** Captures {@code name} and its children at {@code level} and above. */
  static LogCapture of(String name, Level level) {
    return new LogCapture(name, level);
  }

  /** The package's own lines: warnings about torn lines, skipped types, leftovers. */
  static LogCapture logstore(Level level) {
    return of("dev.checkpoint.logstore", level);
  }

  /** Formatted messages logged at exactly {@code level}. */
  List<String> messages(Level level) {
    synchronized (appender.list) {
      return appender.list.stream()
          .filter(e -> e.getLevel().equals(level))
          .map(ILoggingEvent::getFormattedMessage)
          .collect(Collectors.toList());
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
  }
}
