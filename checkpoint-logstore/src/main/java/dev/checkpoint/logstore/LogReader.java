package dev.checkpoint.logstore;

import dev.checkpoint.InvalidPositionException;
import dev.checkpoint.Position;
import dev.checkpoint.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole position.log, finished.log or resume.config. Never "the last N lines": every line
 * is read, so a table whose only line is old is still found.
 */
final class LogReader {
  private static final Logger LOG = LoggerFactory.getLogger(LogReader.class);

  /**
   * What a file holds.
   *
   * @param lines the lines that carried a position or finished mark, in file order
   * @param lineCount every complete non-blank line, including skipped foreign ones
   */
  record Result(List<LogLine> lines, int lineCount) {
    static final Result EMPTY = new Result(List.of(), 0);
  }

  private LogReader() {}

  /**
   * Reads the file; a missing file reads as empty. A last line without a line end is read if it
   * parses (ape-dts's files often end that way) and skipped with a warning if it does not (a torn
   * write).
   */
  static Result read(Path file, FileKind kind) {
    String name = file.toString();
    List<LogLine> lines = new ArrayList<>();
    int[] count = {0};
    try (InputStream in = Files.newInputStream(file)) {
      forEachLine(
          in,
          (number, text, terminated, badByte) -> {
            if (number == 1 && text.startsWith("\uFEFF")) {
              text = text.substring(1);
            } else if (text.startsWith("\uFEFF") && terminated) {
              // Invisible in an editor: without this the line reads as a "bad timestamp" that
              // looks right.
              throw LineParser.error(
                  name,
                  number,
                  "a byte order mark (U+FEFF) starts this line; only the first line of a file may"
                      + " have one (were two files joined?)",
                  text.substring(1));
            }
            if (text.endsWith("\r")) {
              text = text.substring(0, text.length() - 1);
            }
            if (number == 1 && !terminated && NulFile.onlyNul(text)) {
              // Not a torn write: the whole file's data is lost (see NulFile).
              throw NulFile.lost(name, text.length());
            }
            if (!terminated && kind.tornTail && !LineParser.isComplete(text)) {
              // ape-dts often leaves its last line without a line end, so a last line that
              // parses is a record. One that does not parse is a write a crash cut short: every
              // strict prefix of a line fails to parse, because it lacks the closing brace.
              LOG.warn(
                  "{}:{}: last line has no line end and does not parse, so a crash cut its write"
                      + " short; skipping it: {}",
                  name,
                  number,
                  LineParser.quote(text));
              return;
            }
            String stripped = text.strip();
            if (stripped.isEmpty()
                || (kind.comments && (stripped.startsWith("//") || stripped.startsWith("#")))) {
              return;
            }
            if (badByte >= 0) {
              throw LineParser.error(
                  name,
                  number,
                  String.format(
                      Locale.ROOT,
                      "not valid UTF-8 (byte 0x%02X at byte %d of the line); the file must be"
                          + " UTF-8",
                      badByte >>> 32,
                      (badByte & 0xFFFFFFFFL) + 1),
                  text);
            }
            count[0]++;
            Optional<LogLine> line = LineParser.parse(text, name, number);
            if (line.isEmpty()) {
              LOG.debug(
                  "{}:{}: skipping a position type this library does not resume", name, number);
              return;
            }
            check(line.get(), kind, name);
            lines.add(line.get());
          });
    } catch (NoSuchFileException e) {
      return Result.EMPTY;
    } catch (IOException e) {
      throw new StoreException("cannot read " + name + ": " + e, e);
    }
    return new Result(List.copyOf(lines), count[0]);
  }

  private static void check(LogLine line, FileKind kind, String name) {
    boolean finished = line.record().position() instanceof Position.Finished;
    if (finished && !kind.finishedMarks) {
      throw LineParser.error(
          name,
          line.number(),
          "a RdbSnapshotFinished line belongs in finished.log, not in a position log",
          line.text());
    }
    if (!finished && !kind.positions) {
      throw LineParser.error(
          name,
          line.number(),
          "only RdbSnapshotFinished lines belong in finished.log, found a "
              + typeName(line.record().position())
              + " position",
          line.text());
    }
  }

  private static String typeName(Position p) {
    return p instanceof Position.RowOffset ? "RowOffset" : "RdbSnapshot";
  }

  interface LineConsumer {
    /**
     * @param terminated whether the line ended with {@code \n} (false only for the last line)
     * @throws InvalidPositionException to stop reading
     */
    void accept(int number, String text, boolean terminated);
  }

  interface CheckedLineConsumer {
    /**
     * @param text the line, with U+FFFD for bytes that are not UTF-8
     * @param terminated whether the line ended with {@code \n} (false only for the last line)
     * @param badByte -1 if the line is UTF-8; else the first bad byte shifted left by 32 bits,
     *     or'ed with its offset in the line
     * @throws InvalidPositionException to stop reading
     */
    void accept(int number, String text, boolean terminated, long badByte);
  }

  /** Splits on {@code \n} bytes, so a torn multi-byte character can only be in the last line. */
  static void forEachLine(InputStream in, LineConsumer consumer) throws IOException {
    forEachLine(
        in, (number, text, terminated, badByte) -> consumer.accept(number, text, terminated));
  }

  /** {@link #forEachLine(InputStream, LineConsumer)}, telling where a line is not UTF-8. */
  static void forEachLine(InputStream in, CheckedLineConsumer consumer) throws IOException {
    byte[] buf = new byte[64 * 1024];
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    int number = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          line.write(buf, start, i - start);
          emit(consumer, ++number, line.toByteArray(), true);
          line.reset();
          start = i + 1;
        }
      }
      line.write(buf, start, n - start);
    }
    if (line.size() > 0) {
      emit(consumer, ++number, line.toByteArray(), false);
    }
  }

  private static void emit(CheckedLineConsumer consumer, int number, byte[] bytes, boolean ended) {
    CharsetDecoder strict =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = strict.decode(in, out, true);
    if (!r.isError()) {
      r = strict.flush(out);
    }
    if (!r.isError()) {
      consumer.accept(number, out.flip().toString(), ended, -1);
      return;
    }
    int at = in.position();
    long badByte = (long) (bytes[at] & 0xFF) << 32 | at;
    consumer.accept(number, new String(bytes, StandardCharsets.UTF_8), ended, badByte);
  }
}
