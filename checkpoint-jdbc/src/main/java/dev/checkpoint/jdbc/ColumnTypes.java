package dev.checkpoint.jdbc;

import static dev.checkpoint.jdbc.ColumnType.BINARY;
import static dev.checkpoint.jdbc.ColumnType.BOOLEAN;
import static dev.checkpoint.jdbc.ColumnType.DATE;
import static dev.checkpoint.jdbc.ColumnType.DECIMAL;
import static dev.checkpoint.jdbc.ColumnType.DOUBLE;
import static dev.checkpoint.jdbc.ColumnType.INTEGER;
import static dev.checkpoint.jdbc.ColumnType.MYSQL_BOOLEAN;
import static dev.checkpoint.jdbc.ColumnType.OTHER;
import static dev.checkpoint.jdbc.ColumnType.REAL;
import static dev.checkpoint.jdbc.ColumnType.STRING;
import static dev.checkpoint.jdbc.ColumnType.TIME;
import static dev.checkpoint.jdbc.ColumnType.TIMESTAMP;
import static dev.checkpoint.jdbc.ColumnType.TIMESTAMPTZ;
import static dev.checkpoint.jdbc.ColumnType.UNSIGNED_BIGINT;
import static dev.checkpoint.jdbc.ColumnType.UUID_TYPE;
import static dev.checkpoint.jdbc.ColumnType.YEAR;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/** Which {@link ColumnType} a result column is, from its JDBC type and the database's type name. */
final class ColumnTypes {
  private ColumnTypes() {}

  /** The type family of column {@code i} of a result. */
  static ColumnType of(ResultSetMetaData md, int i, Dialect d) throws SQLException {
    String name = md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
    int type = md.getColumnType(i);
    if (d == Dialect.POSTGRES) {
      switch (name) {
        case "timestamptz":
          return TIMESTAMPTZ;
        case "uuid":
          return UUID_TYPE;
        case "bool":
          return BOOLEAN;
        case "bit":
        case "varbit":
        case "timetz":
        case "money":
          return OTHER;
        default:
          break;
      }
    } else {
      if (name.equals("year")) {
        return YEAR;
      }
      if (name.equals("bigint unsigned")) {
        return UNSIGNED_BIGINT;
      }
      if (type == Types.BIT) {
        return md.getPrecision(i) <= 1 ? MYSQL_BOOLEAN : BINARY;
      }
    }
    switch (type) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
        return INTEGER;
      case Types.DECIMAL:
      case Types.NUMERIC:
        return DECIMAL;
      case Types.REAL:
        return REAL;
      case Types.FLOAT:
        // PostgreSQL reports float4 as REAL; MySQL reports FLOAT (single precision) as REAL
        // too, and FLOAT here means double precision.
        return DOUBLE;
      case Types.DOUBLE:
        return DOUBLE;
      case Types.DATE:
        return DATE;
      case Types.TIME:
        return TIME;
      case Types.TIMESTAMP:
        return TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return TIMESTAMPTZ;
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.LONGNVARCHAR:
      case Types.CLOB:
      case Types.NCLOB:
        return STRING;
      case Types.BINARY:
      case Types.VARBINARY:
      case Types.LONGVARBINARY:
      case Types.BLOB:
        return BINARY;
      case Types.BOOLEAN:
        return d == Dialect.MYSQL ? MYSQL_BOOLEAN : BOOLEAN;
      default:
        return OTHER;
    }
  }
}
