package dev.checkpoint;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * For one task: the position per table and the set of finished tables, as loaded from a store or a
 * read-only source. Immutable; tables iterate sorted by schema, then table.
 */
public final class ResumeState {
  private static final ResumeState EMPTY = new ResumeState(new TreeMap<>());

  private final Map<TableRef, TableState> tables;

  private ResumeState(TreeMap<TableRef, TableState> tables) {
    this.tables = Collections.unmodifiableMap(tables);
  }

  /**
   * A state with no table: nothing to resume.
   *
   * @return the empty state
   */
  public static ResumeState empty() {
    return EMPTY;
  }

  /**
   * A builder of a state, for stores and sources.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every table any source mentioned, sorted by schema then table.
   *
   * @return the tables, each with its state; unmodifiable
   */
  public Map<TableRef, TableState> tables() {
    return tables;
  }

  /**
   * What the sources say about one table.
   *
   * @param table the table
   * @return its state, or empty if no source mentions it
   */
  public Optional<TableState> table(TableRef table) {
    return Optional.ofNullable(tables.get(table));
  }

  /**
   * The table's position to resume from.
   *
   * @param table the table
   * @return a keyed or row-offset position, or empty if there is none
   */
  public Optional<Position> position(TableRef table) {
    TableState s = tables.get(table);
    return s == null ? Optional.empty() : s.position();
  }

  /**
   * Whether a source marked the table finished.
   *
   * @param table the table
   * @return true if it is finished
   */
  public boolean isFinished(TableRef table) {
    TableState s = tables.get(table);
    return s != null && s.finished();
  }

  /**
   * Whether no source mentioned any table.
   *
   * @return true for a state without tables
   */
  public boolean isEmpty() {
    return tables.isEmpty();
  }

  /**
   * This state over a fallback: per table, this state's position wins, else the fallback's; a table
   * is finished if either says so. This is how a store's state is laid over resume.config.
   *
   * @param fallback the weaker state, e.g. what resume.config says
   * @return the merged state
   */
  public ResumeState over(ResumeState fallback) {
    Objects.requireNonNull(fallback, "fallback");
    Builder b = new Builder();
    b.tables.putAll(fallback.tables);
    for (TableState mine : tables.values()) {
      TableState theirs = fallback.tables.get(mine.table());
      if (theirs == null) {
        b.tables.put(mine.table(), mine);
        continue;
      }
      boolean usePosition = mine.position().isPresent();
      boolean finished = mine.finished() || theirs.finished();
      b.tables.put(
          mine.table(),
          new TableState(
              mine.table(),
              usePosition ? mine.position().get() : theirs.position().orElse(null),
              usePosition
                  ? mine.positionSource().orElse(null)
                  : theirs.positionSource().orElse(null),
              finished,
              mine.finished()
                  ? mine.finishedSource().orElse(null)
                  : theirs.finishedSource().orElse(null)));
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResumeState other && tables.equals(other.tables);
  }

  @Override
  public int hashCode() {
    return tables.hashCode();
  }

  @Override
  public String toString() {
    return "ResumeState" + tables.values();
  }

  /** Collects a state; a later call for the same table replaces the earlier one. */
  public static final class Builder {
    private final TreeMap<TableRef, TableState> tables = new TreeMap<>();

    private Builder() {}

    /**
     * Sets the table's position. {@link Position.Finished} marks the table finished; {@link
     * Position.None} clears its position.
     *
     * @param table the table
     * @param position its position
     * @return this builder
     * @param source where it came from, e.g. {@code position.log:12}; may be {@code null}
     */
    public Builder position(TableRef table, Position position, String source) {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(position, "position");
      if (position instanceof Position.Finished) {
        return finished(table, source);
      }
      TableState old = tables.get(table);
      boolean finished = old != null && old.finished();
      String finishedSource = old == null ? null : old.finishedSource().orElse(null);
      boolean none = position instanceof Position.None;
      tables.put(
          table,
          new TableState(
              table, none ? null : position, none ? null : source, finished, finishedSource));
      return this;
    }

    /**
     * Marks the table finished; its position, if any, is kept for display.
     *
     * @param table the table
     * @param source where it came from, e.g. {@code finished.log:3}; may be {@code null}
     * @return this builder
     */
    public Builder finished(TableRef table, String source) {
      Objects.requireNonNull(table, "table");
      TableState old = tables.get(table);
      tables.put(
          table,
          new TableState(
              table,
              old == null ? null : old.position().orElse(null),
              old == null ? null : old.positionSource().orElse(null),
              true,
              source));
      return this;
    }

    /**
     * Starts from every table of {@code state}.
     *
     * @param state the state whose tables are copied in
     * @return this builder
     */
    public Builder from(ResumeState state) {
      tables.putAll(state.tables);
      return this;
    }

    /**
     * Forgets everything about the table.
     *
     * @param table the table
     * @return this builder
     */
    public Builder remove(TableRef table) {
      tables.remove(table);
      return this;
    }

    /**
     * The state, as set so far.
     *
     * @return an immutable state
     */
    public ResumeState build() {
      return tables.isEmpty() ? EMPTY : new ResumeState(new TreeMap<>(tables));
    }
  }
}
