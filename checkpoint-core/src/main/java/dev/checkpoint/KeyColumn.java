package dev.checkpoint;

import java.util.Objects;

/**
 * One column of a keyed position: its name and the last committed value as text.
 *
 * <p>Values are strings as the position formats store them: numbers in decimal, binary as hex,
 * timestamps in ISO form, MongoDB values in their typed form. {@code null} is a real SQL NULL.
 *
 * @param name the key column
 * @param value the last committed value, or {@code null}
 */
public record KeyColumn(String name, String value) {
  /**
   * Checks the name.
   *
   * @param name the key column
   * @param value the last committed value, or {@code null}
   * @throws NullPointerException if {@code name} is null
   */
  public KeyColumn {
    Objects.requireNonNull(name, "name");
  }

  /**
   * A key column and its last committed value.
   *
   * @param name the key column
   * @param value its last committed value as text, or {@code null} for SQL NULL
   * @return the key column
   * @throws NullPointerException if {@code name} is null
   */
  public static KeyColumn of(String name, String value) {
    return new KeyColumn(name, value);
  }
}
