package dev.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The resumer's decision lines, at INFO on {@code dev.checkpoint.resumer}, in the seeds' words. */
final class ResumerLog {
  private static final Logger LOG = LoggerFactory.getLogger("dev.checkpoint.resumer");

  private ResumerLog() {}

  /** {@code resumer, check finished: ...}: at INFO when finished, else at DEBUG. */
  static void finished(TableRef table, boolean finished) {
    if (finished) {
      LOG.info(
          "resumer, check finished: schema: {}, tb: {}, result: true",
          table.schema(),
          table.table());
    } else {
      LOG.debug(
          "resumer, check finished: schema: {}, tb: {}, result: false",
          table.schema(),
          table.table());
    }
  }

  static void resumeValue(TableRef table, Optional<Position> position) {
    if (position.isEmpty()) {
      LOG.info(
          "resumer, get resume value, schema: {}, tb: {}, result: None",
          table.schema(),
          table.table());
    } else if (position.get() instanceof Position.Keyed k) {
      if (k.isComposite()) {
        List<String> values = new ArrayList<>();
        k.values().forEach(v -> values.add(debugString(v)));
        LOG.info(
            "resumer, get resume value, schema: {}, tb: {}, col: {}, result: Some({})",
            table.schema(),
            table.table(),
            k.names(),
            values);
      } else {
        LOG.info(
            "resumer, get resume value, schema: {}, tb: {}, col: {}, result: Some({})",
            table.schema(),
            table.table(),
            k.names().get(0),
            debugString(k.values().get(0)));
      }
    } else if (position.get() instanceof Position.RowOffset r) {
      LOG.info(
          "resumer, get resume rows, schema: {}, tb: {}, result: Some({})",
          table.schema(),
          table.table(),
          r.rows());
    }
  }

  /** A value as the seeds print it: quoted, with quotes and backslashes escaped. */
  static String debugString(String v) {
    if (v == null) {
      return "null";
    }
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
