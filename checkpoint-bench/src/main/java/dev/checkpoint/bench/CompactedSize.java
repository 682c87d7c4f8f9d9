package dev.checkpoint.bench;

import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionRecord;
import dev.checkpoint.TableRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The size position.log would have compacted: the latest line of each table, line ends included.
 */
final class CompactedSize {
  private CompactedSize() {}

  static long of(Path positionLog) throws IOException {
    Map<TableRef, Integer> latest = new LinkedHashMap<>();
    for (String line : Files.readAllLines(positionLog, StandardCharsets.UTF_8)) {
      int json = line.indexOf('{');
      if (json < 0) {
        continue;
      }
      Optional<PositionRecord> r = PositionJson.read(line.substring(json));
      r.ifPresent(rec -> latest.put(rec.table(), line.getBytes(StandardCharsets.UTF_8).length + 1));
    }
    return latest.values().stream().mapToLong(Integer::longValue).sum();
  }
}
