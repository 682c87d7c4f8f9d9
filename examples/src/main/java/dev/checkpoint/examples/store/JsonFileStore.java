package dev.checkpoint.examples.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.checkpoint.PositionStore;
import dev.checkpoint.StoreException;
import dev.checkpoint.TaskLockedException;
import dev.checkpoint.spi.RecordChange;
import dev.checkpoint.spi.RecordSession;
import dev.checkpoint.spi.StoreRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

// tag::json-file-store[]
/**
 * A complete position store in one JSON file: {task: {"kind key": data}}. Each apply rewrites the
 * file and renames it into place, so a crash leaves the old file or the new one, never half of
 * either. One process at a time; tasks are fenced by an epoch per open.
 */
public final class JsonFileStore implements PositionStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, TreeMap<String, String>>> SHAPE =
      new TypeReference<>() {};

  private final Path file;
  private final Map<String, Long> epochs = new HashMap<>();
  private long lastEpoch;

  public JsonFileStore(Path file) {
    this.file = file;
  }

  @Override
  public synchronized RecordSession openSession(String taskId) {
    if (epochs.containsKey(taskId)) {
      throw new TaskLockedException("task " + taskId + " is open already in " + file);
    }
    long epoch = ++lastEpoch;
    epochs.put(taskId, epoch);
    return new RecordSession() {
      @Override
      public List<StoreRecord> load() {
        return readRecords(taskId);
      }

      @Override
      public void apply(List<RecordChange> changes) {
        synchronized (JsonFileStore.this) {
          if (epochs.get(taskId) == null || epochs.get(taskId) != epoch) {
            throw new TaskLockedException("task " + taskId + " was taken over or closed");
          }
          TreeMap<String, TreeMap<String, String>> all = readAll();
          TreeMap<String, String> task = all.computeIfAbsent(taskId, t -> new TreeMap<>());
          for (RecordChange c : changes) {
            String id = c.kind() + " " + c.key();
            if (c.isDelete()) {
              task.remove(id);
            } else {
              task.put(id, c.data());
            }
          }
          writeAll(all); // all changes of this call, or none
        }
      }

      @Override
      public void close() {
        synchronized (JsonFileStore.this) {
          epochs.remove(taskId, epoch);
        }
      }
    };
  }

  @Override
  public synchronized List<StoreRecord> readRecords(String taskId) {
    List<StoreRecord> records = new ArrayList<>();
    readAll().getOrDefault(taskId, new TreeMap<>()).forEach((id, data) -> {
      int space = id.indexOf(' ');
      records.add(new StoreRecord(id.substring(0, space), id.substring(space + 1), data, file.toString()));
    });
    return records;
  }

  private TreeMap<String, TreeMap<String, String>> readAll() {
    try {
      return Files.exists(file) ? JSON.readValue(file.toFile(), SHAPE) : new TreeMap<>();
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private void writeAll(TreeMap<String, TreeMap<String, String>> all) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, JSON.writeValueAsBytes(all));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
// end::json-file-store[]
