package dev.checkpoint.logstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ape-dts often leaves the last line of its files without a line end. Before the store appends,
 * such a line gets its line end if it is a whole record ({@link LineParser#isComplete}); what is
 * left without one afterwards is a torn write, for {@link DurableFiles#cutTornTail} to cut.
 */
final class WholeLastLine {
  private static final Logger LOG = LoggerFactory.getLogger(WholeLastLine.class);

  /**
   * A last line longer than this cannot be held in one buffer; such a line is left as it is (and
   * cut as torn). Reading does hold every line whole, so any shorter line is checked: a whole
   * record must never be cut for being long.
   */
  private static final long MAX_CHECKED = Integer.MAX_VALUE - 8;

  private WholeLastLine() {}

  /**
   * @return whether a line end was added
   */
  static boolean end(Path file) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size == 0) {
        return false;
      }
      long start = DurableFiles.lastNewline(ch, size) + 1;
      if (start == size || size - start > MAX_CHECKED) {
        return false;
      }
      ByteBuffer tail = ByteBuffer.allocate((int) (size - start));
      while (tail.hasRemaining()) {
        if (ch.read(tail, start + tail.position()) < 0) {
          break;
        }
      }
      String text = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8);
      if (!LineParser.isComplete(text)) {
        return false;
      }
      ByteBuffer end = ByteBuffer.wrap(new byte[] {'\n'});
      while (end.hasRemaining()) {
        ch.write(end, size); // positional: the channel is not in append mode
      }
      ch.force(true);
      LOG.info("{}: the last line has no line end but is a whole record; ended it", file);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}
