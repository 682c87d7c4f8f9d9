package dev.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The task's own state (seed 004) inside a {@link Checkpointer}: the latest recorded JSON, whether
 * it still has to reach the store, and the size limit. Guarded by the checkpointer.
 */
final class TaskStateKeeper {
  private static final JsonFactory JSON = new JsonFactory();

  private final String taskId;
  private final int maxBytes;
  private String latest;
  private boolean pending;
  private long lastWrite;

  TaskStateKeeper(String taskId, int maxBytes, String loaded, long now) {
    this.taskId = taskId;
    this.maxBytes = maxBytes;
    this.latest = loaded;
    this.lastWrite = now;
  }

  /**
   * Takes a new state; refuses one over the limit or one that is not a JSON document, before
   * anything changes.
   */
  void take(String json) {
    int size = json.getBytes(StandardCharsets.UTF_8).length;
    if (size > maxBytes) {
      throw new StateTooLargeException(
          String.format(
              Locale.ROOT,
              "task state of task %s is %,d bytes, over the limit of %,d bytes"
                  + " (Checkpointer.Builder.maxStateBytes); nothing was written, the previous"
                  + " state stands",
              taskId,
              size,
              maxBytes),
          size,
          maxBytes);
    }
    requireJson(json);
    latest = json;
    pending = true;
  }

  boolean due(CheckpointPolicy policy, long now) {
    return pending && policy.due(now - lastWrite, 0);
  }

  boolean pending() {
    return pending;
  }

  String latest() {
    return latest;
  }

  Optional<String> current() {
    return Optional.ofNullable(latest);
  }

  void written(long now) {
    pending = false;
    lastWrite = now;
  }

  void clear() {
    latest = null;
    pending = false;
  }

  /** One JSON value and nothing after it; the text is stored as given. */
  private static void requireJson(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() == null) {
        throw new IllegalArgumentException("task state must be a JSON document, was empty");
      }
      p.skipChildren();
      JsonToken after = p.nextToken();
      if (after != null) {
        throw new IllegalArgumentException(
            "task state must be one JSON document, found " + after + " after it");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "task state must be a JSON document: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
