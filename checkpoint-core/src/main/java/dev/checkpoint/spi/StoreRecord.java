package dev.checkpoint.spi;

import java.util.Objects;

/**
 * One durable record of a task, shaped on the position table the seeds' system uses: {@code
 * (task_id, resumer_type, position_key) -> position_data}. The task is the session's; {@code kind}
 * is the resumer_type ({@link RecordKinds}), {@code key} the position_key, {@code data} the
 * position_data text. A store keeps records as they are given and never interprets them.
 *
 * @param kind the resumer_type, e.g. {@code SnapshotDoing}
 * @param key the position_key, e.g. {@code shop-orders}; may be empty
 * @param data the position_data, e.g. a position's JSON
 * @param origin where the record was read from, for messages and {@code show} (e.g. {@code
 *     position.log:12}, {@code apedts_task_position#id=7}); {@code null} when not known
 */
public record StoreRecord(String kind, String key, String data, String origin) {
  /**
   * A record as given.
   *
   * @param kind the resumer_type
   * @param key the position_key; may be empty
   * @param data the position_data
   * @param origin where the record was read from, or {@code null} when not known
   * @throws NullPointerException if {@code kind} or {@code key} is null
   */
  public StoreRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
  }

  /**
   * A record with no origin.
   *
   * @param kind the resumer_type
   * @param key the position_key; may be empty
   * @param data the position_data
   * @return the record, with {@code origin} null
   * @throws NullPointerException if {@code kind} or {@code key} is null
   */
  public static StoreRecord of(String kind, String key, String data) {
    return new StoreRecord(kind, key, data, null);
  }
}
