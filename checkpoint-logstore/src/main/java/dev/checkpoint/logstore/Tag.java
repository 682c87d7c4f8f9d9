package dev.checkpoint.logstore;

/** The tag between the timestamp and the JSON of a position.log line. */
enum Tag {
  /** {@code current_position}: the latest committed position; wins over a checkpoint line. */
  CURRENT("current_position"),
  /** {@code checkpoint_position}: used only when the table has no current_position line. */
  CHECKPOINT("checkpoint_position"),
  /** No tag: finished.log lines and bare JSON. In position.log it counts as {@link #CURRENT}. */
  NONE(null);

  private final String text;

  Tag(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  static Tag of(String text) {
    for (Tag t : values()) {
      if (t.text != null && t.text.equals(text)) {
        return t;
      }
    }
    return null;
  }
}
