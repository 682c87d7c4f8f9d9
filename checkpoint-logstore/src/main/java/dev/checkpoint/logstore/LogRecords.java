package dev.checkpoint.logstore;

import dev.checkpoint.Position;
import dev.checkpoint.PositionJson;
import dev.checkpoint.PositionKey;
import dev.checkpoint.ResumeState;
import dev.checkpoint.StatusJson;
import dev.checkpoint.TableRef;
import dev.checkpoint.TableState;
import dev.checkpoint.TableStatus;
import dev.checkpoint.spi.RecordKinds;
import dev.checkpoint.spi.StoreRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A log directory's files as records: per table its position (by the files' precedence rules) and
 * its finished mark, its status from status.log, chunk plans and chunks from chunks.json, and the
 * task state from state.json. Each record names the file and line it came from.
 */
final class LogRecords {
  private LogRecords() {}

  static List<StoreRecord> of(Path dir) {
    List<StoreRecord> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    ResumeState files = States.fromLogDir(dir);
    for (Map.Entry<TableRef, TableState> e : files.tables().entrySet()) {
      TableRef t = e.getKey();
      TableState s = e.getValue();
      String key = PositionKey.of(t);
      if (s.position().isPresent()) {
        out.add(
            new StoreRecord(
                RecordKinds.POSITION,
                key,
                PositionJson.write(t, s.position().get()),
                s.positionSource().orElse(null)));
      }
      if (s.finished()) {
        out.add(
            new StoreRecord(
                RecordKinds.FINISHED,
                key,
                PositionJson.write(t, Position.finished()),
                s.finishedSource().orElse(null)));
      }
    }
    for (TableStatus st : StatusLog.read(dir).values()) {
      out.add(
          new StoreRecord(
              RecordKinds.TABLE_STATUS,
              PositionKey.of(st.table()),
              StatusJson.write(st),
              "status.log"));
    }
    out.addAll(ChunkFile.records(dir));
    LogSession.readState(dir)
        .ifPresent(
            json ->
                out.add(
                    new StoreRecord(
                        RecordKinds.TASK_STATE,
                        RecordKinds.STATE_KEY,
                        json,
                        LogSession.STATE_FILE)));
    return out;
  }
}
