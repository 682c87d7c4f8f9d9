package dev.checkpoint;

/** How an error is told in a failed status: one line, bounded, with its root cause. */
final class Errors {
  /** Long enough for a SQL error with its statement; a stack trace does not belong in a status. */
  static final int MAX_LENGTH = 2000;

  private Errors() {}

  static String describe(Throwable error) {
    String text = message(error);
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != error) {
      String cause = message(root);
      if (!text.contains(cause)) {
        text = text + "; caused by " + cause;
      }
    }
    text = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getName() : m;
  }
}
