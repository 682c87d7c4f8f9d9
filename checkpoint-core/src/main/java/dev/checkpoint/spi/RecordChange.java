package dev.checkpoint.spi;

import java.util.Objects;

/**
 * One change in a {@link RecordSession#apply} call: an upsert of {@code (kind, key) -> data}, or
 * the deletion of the record under {@code (kind, key)} (data {@code null}). Deleting a record that
 * does not exist is not an error.
 *
 * @param kind the resumer_type of the record ({@link RecordKinds})
 * @param key the position_key of the record; may be empty
 * @param data the new position_data, or {@code null} to delete the record
 */
public record RecordChange(String kind, String key, String data) {
  /**
   * A change as given.
   *
   * @param kind the resumer_type of the record
   * @param key the position_key of the record
   * @param data the new position_data, or {@code null} to delete the record
   * @throws NullPointerException if {@code kind} or {@code key} is null
   */
  public RecordChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
  }

  /**
   * Writes {@code data} under {@code (kind, key)}, replacing what was there.
   *
   * @param kind the resumer_type of the record
   * @param key the position_key of the record
   * @param data the position_data
   * @return the change
   * @throws NullPointerException if any argument is null
   */
  public static RecordChange upsert(String kind, String key, String data) {
    return new RecordChange(kind, key, Objects.requireNonNull(data, "data"));
  }

  /**
   * Deletes the record under {@code (kind, key)}, if there is one.
   *
   * @param kind the resumer_type of the record
   * @param key the position_key of the record
   * @return the change
   * @throws NullPointerException if {@code kind} or {@code key} is null
   */
  public static RecordChange delete(String kind, String key) {
    return new RecordChange(kind, key, null);
  }

  /**
   * Whether this change deletes its record.
   *
   * @return true for a deletion ({@code data} is null), false for an upsert
   */
  public boolean isDelete() {
    return data == null;
  }
}
