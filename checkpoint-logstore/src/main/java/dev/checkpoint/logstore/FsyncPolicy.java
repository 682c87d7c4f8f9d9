package dev.checkpoint.logstore;

/**
 * When a {@link LogStore} forces appended lines from the OS page cache to the disk.
 *
 * <p>Whatever the policy, each line is handed to the OS in one write as soon as it is recorded, so
 * a crash of the process alone loses nothing; the policies differ on a power loss or OS crash.
 * Rewrites (compaction, reset) always fsync the new file and the directory, because an unsynced
 * rename can lose the whole file, not just its last lines.
 */
public enum FsyncPolicy {
  /**
   * The default. Every {@code record} and {@code finish} forces its line to disk before it returns
   * (one fsync, ~0.2 ms): a position the store accepted survives a power loss.
   */
  ALWAYS,
  /**
   * A background thread forces new lines every {@link LogStore.Builder#fsyncInterval fsync
   * interval} (default 100 ms), so one fsync covers every line recorded in between (group commit)
   * and the caller never waits for the disk. {@code flush()} forces synchronously and closing the
   * session forces. A power loss may lose the positions of the last interval; a failed background
   * fsync fails the next call of the session.
   */
  ASYNC,
  /**
   * Never forces; the OS writes the pages back when it decides (typically within 30 s). A power
   * loss may lose recent positions; a resumed run then re-reads more rows, which an idempotent sink
   * absorbs.
   */
  NEVER
}
