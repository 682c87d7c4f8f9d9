package dev.checkpoint.jdbc;

import dev.checkpoint.testkit.TestDatabases.Kind;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A MariaDB or PostgreSQL server of its own, in a fresh data directory on a free port, that a test
 * may stop and start again: the shared servers on 3306/5432 serve other tests and are never
 * restarted. Needs the server binaries and root (PostgreSQL runs as the {@code postgres} user);
 * without them a test fails when {@code CI} is set and is skipped loudly otherwise.
 */
final class ThrowawayServer implements AutoCloseable {
  private final Kind kind;
  private final Path dir;
  private final int port;
  private Process mariadb;

  private ThrowawayServer(Kind kind, Path dir, int port) {
    this.kind = kind;
    this.dir = dir;
    this.port = port;
  }

  /** Initialises a data directory and starts the server (about 2 s). */
  static ThrowawayServer start(Kind kind) throws IOException {
    // Not a JUnit temp dir: PostgreSQL's user must own it and reach it from /tmp.
    Path dir = Files.createTempDirectory("checkpoint-" + kind.name().toLowerCase() + "-");
    ThrowawayServer s = new ThrowawayServer(kind, dir, freePort());
    // A test JVM that dies before close() must not leave a server running.
    Runtime.getRuntime().addShutdownHook(new Thread(s::stopQuietly));
    try {
      s.init();
      s.start();
      s.exec(
          kind == Kind.MYSQL
              ? "CREATE DATABASE IF NOT EXISTS test"
              : "SELECT 1"); // PostgreSQL's own "postgres" database serves
    } catch (IOException | RuntimeException e) {
      s.close();
      unavailable(kind, e.getMessage());
    }
    return s;
  }

  /** A JDBC URL with the user as a parameter; the server trusts local connections. */
  String url() {
    return kind == Kind.MYSQL
        ? "jdbc:mysql://127.0.0.1:"
            + port
            + "/test?user=root&useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000"
        : "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=5";
  }

  /** The server without a database (MariaDB's {@code test} is created after the start). */
  private String adminUrl() {
    return kind == Kind.MYSQL ? url().replace("/test?", "/?") : url();
  }

  /** Starts the server on its data directory and waits until it answers. */
  void start() throws IOException {
    if (kind == Kind.MYSQL) {
      mariadb =
          new ProcessBuilder(
                  "/usr/sbin/mariadbd",
                  "--no-defaults",
                  "--datadir=" + dir.resolve("data"),
                  "--port=" + port,
                  "--socket=" + dir.resolve("s.sock"),
                  "--pid-file=" + dir.resolve("mariadbd.pid"),
                  "--user=root",
                  "--bind-address=127.0.0.1",
                  "--skip-grant-tables",
                  "--skip-log-bin",
                  "--innodb-buffer-pool-size=16M",
                  // HundredStartsIT: 100 processes at once, two connections each
                  "--max-connections=1000",
                  "--log-error=" + dir.resolve("error.log"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile()))
              .start();
    } else {
      pgCtl(
          "-l",
          dir.resolve("server.log").toString(),
          "-o",
          "-p "
              + port
              + " -c listen_addresses=127.0.0.1 -k "
              + dir
              + " -c fsync=off -c max_connections=1000",
          "-w",
          "start");
    }
    awaitAnswer();
  }

  /**
   * Stops the server as a crash or an operator would: MariaDB is killed (SIGKILL, InnoDB recovers
   * at the next start), PostgreSQL stops in fast mode (every client connection is cut).
   */
  void stop() throws IOException {
    if (kind == Kind.MYSQL) {
      if (mariadb != null) {
        mariadb.destroyForcibly();
        try {
          mariadb.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        mariadb = null;
      }
    } else {
      pgCtl("-m", "fast", "-w", "stop");
    }
  }

  private void stopQuietly() {
    try {
      if (kind == Kind.MYSQL || Files.exists(dir.resolve("data/postmaster.pid"))) {
        stop();
      }
    } catch (IOException | RuntimeException e) {
      // the JVM is exiting; nothing more to do
    }
  }

  void exec(String sql) {
    try (Connection c = DriverManager.getConnection(adminUrl());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " on the throwaway server: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (kind == Kind.MYSQL || Files.exists(dir.resolve("data/postmaster.pid"))) {
        stop();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void init() throws IOException {
    if (kind == Kind.MYSQL) {
      runChecked(
          "mariadb-install-db",
          "--no-defaults",
          "--datadir=" + dir.resolve("data"),
          "--user=root",
          "--auth-root-authentication-method=normal",
          "--skip-test-db");
    } else {
      runChecked("chown", "postgres", dir.toString());
      runChecked(
          "runuser",
          "-u",
          "postgres",
          "--",
          pgBin("initdb"),
          "-D",
          dir.resolve("data").toString(),
          "--auth=trust",
          "-U",
          "postgres");
    }
  }

  private void awaitAnswer() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      try (Connection c = DriverManager.getConnection(adminUrl())) {
        if (c.isValid(2)) {
          return;
        }
      } catch (SQLException e) {
        last = e;
      }
      if (mariadb != null && !mariadb.isAlive()) {
        throw new IOException("mariadbd exited " + mariadb.exitValue() + "; see " + dir);
      }
      sleep(100);
    }
    throw new IOException(
        "the throwaway " + kind + " server on port " + port + " does not answer", last);
  }

  private static String pgBin(String name) throws IOException {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(v -> v.resolve("bin").resolve(name))
          .filter(Files::isExecutable)
          .max(Comparator.naturalOrder())
          .orElseThrow(() -> new IOException("no " + name + " under /usr/lib/postgresql/*/bin"))
          .toString();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("no PostgreSQL binaries under /usr/lib/postgresql", e);
    }
  }

  private static void runChecked(String... cmd) throws IOException {
    Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void unavailable(Kind kind, String why) {
    String message = "cannot start a throwaway " + kind + " server: " + why;
    if (System.getenv("CI") != null) {
      throw new IllegalStateException(message + " (CI is set, so this fails)");
    }
    System.err.println("\n*** SKIPPED: " + message + " ***\n");
    Assumptions.abort(message);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** pg_ctl on this server's data directory, as the postgres user (it refuses to run as root). */
  private void pgCtl(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", pgBin("pg_ctl")));
    cmd.addAll(List.of("-D", dir.resolve("data").toString()));
    cmd.addAll(List.of(args));
    runChecked(cmd.toArray(String[]::new));
  }
}
