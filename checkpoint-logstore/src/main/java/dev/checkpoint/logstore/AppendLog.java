package dev.checkpoint.logstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One log file open for appending whole lines. Not thread-safe: the session serialises calls. */
final class AppendLog {
  private final Path path;
  private volatile FileChannel channel;

  AppendLog(Path path) throws IOException {
    this.path = path;
    this.channel = openChannel(path);
  }

  private static FileChannel openChannel(Path path) throws IOException {
    return FileChannel.open(
        path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  Path path() {
    return path;
  }

  /** The channel now; a rewrite swaps it, so the background forcer re-reads it each round. */
  FileChannel channel() {
    return channel;
  }

  /** One write call per line (with its line end), so a crash tears at most the last line. */
  void append(byte[] line) throws IOException {
    DurableFiles.writeFully(channel, ByteBuffer.wrap(line));
  }

  void force() throws IOException {
    channel.force(false);
  }

  void truncateAll() throws IOException {
    channel.truncate(0);
    channel.force(true);
  }

  /** Atomically replaces the file's content and continues appending to the new file. */
  void replace(byte[] content) throws IOException {
    DurableFiles.replace(path, content);
    FileChannel old = channel;
    channel = openChannel(path);
    old.close();
  }

  void close() throws IOException {
    channel.close();
  }
}
