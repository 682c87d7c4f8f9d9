package dev.checkpoint.logstore;

import dev.checkpoint.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A log file that holds only NUL bytes: the file grew (its size reached the disk) but its data
 * never did, as a power loss or OS crash leaves it on several file systems. The records it held are
 * lost. Cutting it as a torn write would read it as empty, so every table in it would start over
 * from the beginning without a word; the store refuses to open it instead.
 *
 * <p>A tail of NUL bytes after whole lines stays a torn write ({@link DurableFiles#cutTornTail}):
 * the lines before it are intact, and only the last, unacknowledged write is cut.
 */
final class NulFile {
  private NulFile() {}

  /** Whether the channel's {@code size} bytes from {@code from} on are all NUL. */
  static boolean onlyNul(FileChannel ch, long from, long size) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    long pos = from;
    while (pos < size) {
      buf.clear().limit((int) Math.min(buf.capacity(), size - pos));
      int n = ch.read(buf, pos);
      if (n <= 0) {
        return true; // the file shrank under us: nothing more to look at
      }
      for (int i = 0; i < n; i++) {
        if (buf.get(i) != 0) {
          return false;
        }
      }
      pos += n;
    }
    return true;
  }

  /** Whether a whole line of text is only NUL characters (and not empty). */
  static boolean onlyNul(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) != '\0') {
        return false;
      }
    }
    return true;
  }

  /** The error for a file of {@code size} NUL bytes: what happened and what the user can do. */
  static StoreException lost(String file, long size) {
    boolean finished = file.endsWith(States.FINISHED_LOG);
    String what =
        finished
            ? "finished marks"
            : file.endsWith(States.POSITION_LOG)
                ? "positions"
                : file.endsWith(StatusLog.FILE) ? "table statuses" : "records";
    String startOver =
        finished
            ? "delete the file to copy its finished tables again from the beginning"
            : "delete the file to start its tables over from the beginning";
    return new StoreException(
        file
            + " holds only NUL bytes ("
            + size
            + " bytes): the file grew but its data never reached the disk (a power loss or OS"
            + " crash), so the "
            + what
            + " it held are lost. The store will not read it as empty, which would silently"
            + " start those tables over. Restore the file from a backup, or "
            + startOver
            + " (empty their targets first unless the sink is idempotent)");
  }
}
