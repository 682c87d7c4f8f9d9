package dev.checkpoint.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashResumeDemoIT {
  @Test
  void aCopyKilledWithSigkillResumesWithNothingLostOrRepeated(@TempDir Path work) throws Exception {
    assertThat(CrashResumeDemo.run(work, 30_000)).isTrue();
    String log = Files.readString(work.resolve("logs/position.log"), StandardCharsets.UTF_8);
    assertThat(log).contains("\"value\":\"30000\"");
    assertThat(Files.readString(work.resolve("logs/finished.log"), StandardCharsets.UTF_8))
        .contains(
            "{\"type\":\"RdbSnapshotFinished\",\"db_type\":\"demo\",\"schema\":\"generated\",\"tb\":\"records\"}");
  }

  @Test
  void verificationCatchesALostAndARepeatedRow(@TempDir Path work) throws Exception {
    GeneratedRecordsCopy.copy(work, 5_000, 1_000, 0);
    assertThat(CrashResumeDemo.verify(work, 5_000)).isTrue();
    List<Path> files;
    try (Stream<Path> s = Files.list(work.resolve("target"))) {
      files = s.sorted().collect(Collectors.toList());
    }
    Path second = files.get(1);
    List<String> lines = Files.readAllLines(second);
    Files.write(second, lines.subList(1, lines.size()));
    assertThat(CrashResumeDemo.verify(work, 5_000)).isFalse();
    Files.write(second, lines);
    Files.copy(files.get(0), work.resolve("target/batch-copy.csv"));
    assertThat(CrashResumeDemo.verify(work, 5_000)).isFalse();
  }
}
