package dev.checkpoint.logstore;

import dev.checkpoint.Position;
import dev.checkpoint.ResumeState;
import dev.checkpoint.TableRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the lines of the files into a {@link ResumeState}, applying the precedence rules. */
final class States {
  private static final Logger LOG = LoggerFactory.getLogger(States.class);

  static final String POSITION_LOG = "position.log";
  static final String FINISHED_LOG = "finished.log";

  private States() {}

  /** position.log + finished.log of a directory; missing files (or directory) are empty. */
  static ResumeState fromLogDir(Path dir) {
    if (!Files.isDirectory(dir)) {
      LOG.warn("log directory {} does not exist: nothing to resume from it", dir);
      return ResumeState.empty();
    }
    ResumeState.Builder b = ResumeState.builder();
    add(b, LogReader.read(dir.resolve(POSITION_LOG), FileKind.POSITION_LOG), POSITION_LOG);
    add(b, LogReader.read(dir.resolve(FINISHED_LOG), FileKind.FINISHED_LOG), FINISHED_LOG);
    return b.build();
  }

  /** A user-written resume.config. */
  static ResumeState fromConfig(Path file) {
    ResumeState.Builder b = ResumeState.builder();
    add(b, LogReader.read(file, FileKind.RESUME_CONFIG), String.valueOf(file.getFileName()));
    return b.build();
  }

  /**
   * Per table, the last current_position (or untagged) line wins, else the last checkpoint_position
   * line; every finished line marks its table finished.
   */
  static void add(ResumeState.Builder b, LogReader.Result result, String fileName) {
    Map<TableRef, LogLine> current = new LinkedHashMap<>();
    Map<TableRef, LogLine> checkpoint = new LinkedHashMap<>();
    for (LogLine line : result.lines()) {
      TableRef t = line.record().table();
      if (line.record().position() instanceof Position.Finished) {
        b.finished(t, fileName + ":" + line.number());
      } else if (line.tag() == Tag.CHECKPOINT) {
        checkpoint.put(t, line);
      } else {
        current.put(t, line);
      }
    }
    checkpoint.forEach((t, line) -> current.putIfAbsent(t, line));
    current.forEach(
        (t, line) -> b.position(t, line.record().position(), fileName + ":" + line.number()));
  }
}
