package dev.checkpoint.logstore;

import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.StatusJson;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code status.log}: one {@code TIMESTAMP | {"type":"TableStatus",...}} line per status change;
 * the last line of a table wins. Compacted like position.log (latest line per table) once it holds
 * more than twice the lines it would keep. Not thread-safe: the session serialises calls.
 */
final class StatusLog {
  static final String FILE = "status.log";

  private final AppendLog log;
  private final Map<TableRef, String> latest = new LinkedHashMap<>();
  private final int compactAt;
  private int lines;

  StatusLog(Path dir, int compactAt) throws IOException {
    Path file = dir.resolve(FILE);
    DurableFiles.removeLeftover(file);
    DurableFiles.cutTornTail(file);
    this.compactAt = compactAt;
    readLines(
        file,
        (table, line) -> {
          latest.put(table, line);
          lines++;
        });
    this.log = new AppendLog(file);
  }

  /** The statuses in a directory, read without writing (for {@code status} and monitoring). */
  static Map<TableRef, TableStatus> read(Path dir) {
    Map<TableRef, TableStatus> out = new LinkedHashMap<>();
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return out;
    }
    try {
      readLines(file, (table, line) -> out.put(table, StatusJson.read(json(line))));
    } catch (IOException e) {
      throw new dev.checkpoint.StoreException("cannot read " + file + ": " + e, e);
    }
    return out;
  }

  Map<TableRef, TableStatus> statuses() {
    Map<TableRef, TableStatus> out = new LinkedHashMap<>();
    latest.forEach((t, line) -> out.put(t, StatusJson.read(json(line))));
    return out;
  }

  /** Appends the status; returns the channel's log so the session can apply its fsync policy. */
  AppendLog record(TableStatus status, String timestamp) throws IOException {
    String line = timestamp + " | " + StatusJson.write(status);
    log.append((line + "\n").getBytes(StandardCharsets.UTF_8));
    latest.put(status.table(), line);
    lines++;
    if (lines > compactAt && lines > 2 * latest.size()) {
      rewrite();
    }
    return log;
  }

  void remove(TableRef table) throws IOException {
    if (latest.remove(table) != null) {
      rewrite();
    }
  }

  void clear() throws IOException {
    latest.clear();
    lines = 0;
    log.truncateAll();
  }

  AppendLog log() {
    return log;
  }

  void close() throws IOException {
    log.close();
  }

  private void rewrite() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String line : latest.values()) {
      out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    log.replace(out.toByteArray());
    lines = latest.size();
  }

  private interface LineSink {
    void accept(TableRef table, String line);
  }

  /** Complete lines only: a torn last line is the crash's, as in position.log. */
  private static void readLines(Path file, LineSink sink) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    String name = file.getFileName().toString();
    try (InputStream in = Files.newInputStream(file)) {
      LogReader.forEachLine(
          in,
          (number, text, terminated) -> {
            if (!terminated || text.isBlank()) {
              return;
            }
            try {
              sink.accept(StatusJson.read(json(text)).table(), text);
            } catch (InvalidPositionException e) {
              throw new InvalidPositionException(name + ":" + number + ": " + e.getMessage(), e);
            }
          });
    }
  }

  private static String json(String line) {
    int brace = line.indexOf('{');
    if (brace < 0) {
      throw new InvalidPositionException("no JSON object on the line: \"" + line + "\"");
    }
    return line.substring(brace);
  }
}
