package dev.checkpoint.spi;

import java.util.Objects;

/**
 * One change in a {@link RecordSession#apply} call: an upsert of {@code (kind, key) -> data}, or
 * the deletion of the record under {@code (kind, key)} (data {@code null}). Deleting a record that
 * does not exist is not an error.
 */
public record RecordChange(String kind, String key, String data) {
  public RecordChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
  }

  public static RecordChange upsert(String kind, String key, String data) {
    return new RecordChange(kind, key, Objects.requireNonNull(data, "data"));
  }

  public static RecordChange delete(String kind, String key) {
    return new RecordChange(kind, key, null);
  }

  public boolean isDelete() {
    return data == null;
  }
}
