package dev.checkpoint.logstore;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few pages mounted for one test: a disk that fills up, or goes read-only, on cue.
 * Needs root (mount); without it the test fails when {@code CI} is set and is skipped loudly
 * otherwise.
 */
final class TinyDisk implements AutoCloseable {
  final Path dir;
  private final Path filler;

  private TinyDisk(Path dir) {
    this.dir = dir;
    this.filler = dir.resolve("filler");
  }

  /** Mounts a tmpfs of {@code size} (mount's syntax: {@code 64k}) on {@code dir}. */
  static TinyDisk mount(Path dir, String size) throws IOException {
    Files.createDirectories(dir);
    String out = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    if (out != null) {
      String message =
          "cannot mount a tmpfs on "
              + dir
              + " ("
              + out.strip()
              + "); the disk fault tests need root";
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(message + " (CI is set, so this fails)");
      }
      System.err.println("\n*** SKIPPED: " + message + " ***\n");
      Assumptions.abort(message);
    }
    return new TinyDisk(dir);
  }

  /** Fills every free byte with a filler file; returns how many bytes it took. */
  long fill() throws IOException {
    byte[] page = new byte[4096];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(page);
        out.flush();
        written += page.length;
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    // A last partial page may still fit byte by byte.
    try (OutputStream out =
        Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
        written++;
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    return written;
  }

  /** Frees what {@link #fill} took. */
  void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  /**
   * {@code mount -o remount,ro|rw}.
   *
   * @return null on success, else mount's output (Linux refuses {@code ro} while a file on the disk
   *     is open for writing)
   */
  String remount(boolean readOnly) throws IOException {
    return run("mount", "-o", "remount," + (readOnly ? "ro" : "rw"), dir.toString());
  }

  @Override
  public void close() throws IOException {
    String out = run("umount", dir.toString());
    if (out != null) {
      // A file still open (a failed test's store) keeps it busy: detach it anyway.
      run("umount", "-l", dir.toString());
    }
  }

  /** Runs a command; null if it exited 0, else its output and exit code. */
  private static String run(String... cmd) throws IOException {
    List<String> command = new ArrayList<>(List.of(cmd));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", command) + " did not end within 30 s";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.exitValue() == 0 ? null : out + " (exit " + p.exitValue() + ")";
  }
}
