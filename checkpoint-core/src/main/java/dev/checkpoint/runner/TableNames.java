package dev.checkpoint.runner;

import dev.checkpoint.TableRef;
import java.util.List;

/**
 * How reporters name tables: by table name alone when every table of the run is in one schema (seed
 * 003's {@code Processing: Orders}), else as {@code schema.table}.
 */
final class TableNames {
  private final boolean oneSchema;

  private TableNames(boolean oneSchema) {
    this.oneSchema = oneSchema;
  }

  static TableNames of(List<TableRef> tables) {
    return new TableNames(tables.stream().map(TableRef::schema).distinct().count() <= 1);
  }

  String of(TableRef t) {
    return oneSchema || t.schema().isEmpty() ? t.table() : t.schema() + "." + t.table();
  }
}
