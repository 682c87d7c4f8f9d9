package dev.checkpoint;

import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordKinds;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes record changes the way the checkpointer tests read them: {@code record t <position>},
 * {@code status t in_progress 10}, {@code finish t}, {@code reset t}, {@code resetAll}, {@code
 * state <json>}. The position deleted along with a finished mark is not listed apart.
 */
final class ChangeLog {
  private ChangeLog() {}

  /** One line per change that means something on its own, in order. */
  static List<String> describe(List<RecordChange> changes) {
    List<String> out = new ArrayList<>();
    boolean onlyDeletes = changes.stream().allMatch(RecordChange::isDelete);
    if (onlyDeletes && !changes.isEmpty()) {
      long tables =
          changes.stream()
              .filter(c -> !c.kind().equals(RecordKinds.TASK_STATE))
              .map(RecordChange::key)
              .distinct()
              .count();
      boolean state = changes.stream().anyMatch(c -> c.kind().equals(RecordKinds.TASK_STATE));
      if (tables == 1 && !state) {
        out.add("reset " + tableOfKey(changes.get(0).key()));
      } else {
        out.add("resetAll");
      }
      return out;
    }
    for (RecordChange c : changes) {
      if (c.isDelete()) {
        continue;
      }
      switch (c.kind()) {
        case RecordKinds.POSITION -> {
          PositionRecord r = PositionJson.read(c.data()).orElseThrow();
          out.add("record " + r.table().table() + " " + r.position());
        }
        case RecordKinds.FINISHED ->
            out.add("finish " + PositionJson.read(c.data()).orElseThrow().table().table());
        case RecordKinds.TABLE_STATUS -> {
          TableStatus st = StatusJson.read(c.data());
          out.add("status " + st.table().table() + " " + st.state().text() + " " + st.rows());
        }
        case RecordKinds.TASK_STATE -> out.add("state " + c.data());
        default -> out.add(c.kind() + " " + c.key());
      }
    }
    return out;
  }

  private static String tableOfKey(String key) {
    return key.substring(key.indexOf('-') + 1);
  }
}
