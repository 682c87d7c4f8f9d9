package dev.checkpoint;

/** A configuration file or setting is wrong. The message names the file, line, key and value. */
public class ConfigException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
