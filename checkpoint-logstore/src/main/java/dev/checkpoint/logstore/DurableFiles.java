package dev.checkpoint.logstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The few file operations whose order makes a crash harmless. */
final class DurableFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  static final String TMP_SUFFIX = ".tmp";

  private DurableFiles() {}

  /**
   * Replaces {@code target} with {@code content} so that a crash leaves either the old or the new
   * file, never a mix: write a temp file, fsync it, rename it over the target, fsync the directory
   * so the rename itself survives a power loss.
   */
  static void replace(Path target, byte[] content) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(ch, ByteBuffer.wrap(content));
      ch.force(true);
    } catch (IOException e) {
      // The target is intact. On a full disk the half-written temp file would only hold on to the
      // space the next attempt needs, and the channel's error names no file: say which one.
      IOException named = new IOException("cannot write " + tmp + ": " + e.getMessage(), e);
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        named.addSuppressed(suppressed);
      }
      throw named;
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDir(target.getParent());
  }

  static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /** Makes renames and creations in the directory durable. Windows cannot open a directory. */
  static void syncDir(Path dir) throws IOException {
    if (WINDOWS) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Cuts a last line that has no line end, so the next append starts on a fresh line instead of
   * gluing onto the remains of a write a crash interrupted.
   *
   * @return whether anything was cut
   * @throws dev.checkpoint.StoreException if the file holds only NUL bytes ({@link NulFile})
   */
  static boolean cutTornTail(Path file) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size == 0 || byteAt(ch, size - 1) == '\n') {
        return false;
      }
      long keep = lastNewline(ch, size) + 1;
      if (keep == 0 && NulFile.onlyNul(ch, 0, size)) {
        throw NulFile.lost(file.toString(), size);
      }
      int shown = (int) Math.min(size - keep, 500);
      ByteBuffer torn = ByteBuffer.allocate(shown);
      ch.read(torn, keep);
      LOG.warn(
          "{}: the last line has no line end, so a crash cut its write short; cutting its {} bytes"
              + " before appending: {}",
          file,
          size - keep,
          LineParser.quote(new String(torn.array(), 0, torn.position(), StandardCharsets.UTF_8)));
      ch.truncate(keep);
      ch.force(true);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static byte byteAt(FileChannel ch, long pos) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1);
    ch.read(b, pos);
    return b.get(0);
  }

  /** Offset of the last {@code \n} before {@code end}, or -1. */
  static long lastNewline(FileChannel ch, long end) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8192);
    long pos = end;
    while (pos > 0) {
      int len = (int) Math.min(buf.capacity(), pos);
      pos -= len;
      buf.clear().limit(len);
      while (buf.hasRemaining()) {
        if (ch.read(buf, pos + buf.position()) < 0) {
          break;
        }
      }
      for (int i = len - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return pos + i;
        }
      }
    }
    return -1;
  }

  /** Removes a temp file a crash left behind mid-rewrite; the target is still intact. */
  static void removeLeftover(Path target) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    if (Files.deleteIfExists(tmp)) {
      LOG.info("removed {} left by an interrupted rewrite; {} is intact", tmp, target);
    }
  }
}
