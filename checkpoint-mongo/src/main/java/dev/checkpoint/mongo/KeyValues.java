package dev.checkpoint.mongo;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonInvalidOperationException;
import org.bson.BsonJavaScript;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.json.JsonParseException;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * A MongoDB key value as the text a {@link dev.checkpoint.KeyColumn} holds: a one-field JSON object
 * naming the BSON type, so that an int32 5, an int64 5 and the string "5" stay three different
 * positions. Written in ape-dts's forms (its {@code MongoKey}, v2.0.26 and later):
 *
 * <pre>
 * {"ObjectId":"65e593330723c12a0f3bbc2e"}   {"String":"5"}   {"Int32":5}   {"Int64":5}
 * {"DateTime":{"$date":{"$numberLong":"1700000000000"}}}
 * {"Timestamp":{"$timestamp":{"t":1700000000,"i":1}}}   {"Symbol":"s"}   {"JavaScriptCode":"f()"}
 * {"CanonicalExtJson":{"$numberDouble":"-0.0"}}   {"CanonicalExtJson":{"$numberDecimal":"1.10"}}
 * {"CanonicalExtJson":{"$binary":{"base64":"AP8=","subType":"00"}}}   {"CanonicalExtJson":true}
 * {"CanonicalExtJson":{"a":{"$numberInt":"1"}}}   {"CanonicalExtJson":{"$minKey":1}}
 * </pre>
 *
 * Every type without a tag of its own is {@code CanonicalExtJson} with the value's canonical
 * extended JSON, written without spaces. Reading also accepts {@code {"ObjectId":{"$oid":"…"}}}, a
 * bare 24-hex ObjectId, a {@code DateTime} held as canonical extended JSON, and every form this
 * library wrote before ({@code Double}, {@code Decimal128}, {@code DateTime} as a number, {@code
 * Binary}, {@code Document}, {@code Boolean}, {@code Null}, {@code MinKey}, {@code MaxKey}, {@code
 * ExtJson}), so that existing logs still resume.
 */
final class KeyValues {
  private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-fA-F]{24}");

  /** What Double.toString writes, and the names of the special values; nothing looser. */
  private static final Pattern DOUBLE =
      Pattern.compile("-?(NaN|Infinity|\\d+(\\.\\d+)?([eE][-+]?\\d+)?)");

  private static final String FORMS =
      "expected a typed value such as {\"ObjectId\":\"65e593330723c12a0f3bbc2e\"},"
          + " {\"String\":\"a\"}, {\"Int32\":2}, {\"Int64\":5},"
          + " {\"DateTime\":{\"$date\":{\"$numberLong\":\"1700000000000\"}}},"
          + " {\"CanonicalExtJson\":{\"$numberDouble\":\"1.5\"}} or a bare 24-hex ObjectId";

  private KeyValues() {}

  /** The typed text of a value; {@link #decode} gives back an equal value of the same type. */
  static String encode(BsonValue v) {
    return switch (v.getBsonType()) {
      case OBJECT_ID -> tagged("ObjectId", Json.quote(v.asObjectId().getValue().toHexString()));
      case STRING -> tagged("String", Json.quote(v.asString().getValue()));
      case SYMBOL -> tagged("Symbol", Json.quote(v.asSymbol().getSymbol()));
      case INT32 -> tagged("Int32", Integer.toString(v.asInt32().getValue()));
      case INT64 -> tagged("Int64", Long.toString(v.asInt64().getValue()));
      case JAVASCRIPT -> tagged("JavaScriptCode", Json.quote(v.asJavaScript().getCode()));
      // The bson crate's serde forms, which ape-dts's MongoKey::DateTime and ::Timestamp hold.
      case DATE_TIME ->
          tagged("DateTime", "{\"$date\":{\"$numberLong\":\"" + v.asDateTime().getValue() + "\"}}");
      case TIMESTAMP ->
          tagged(
              "Timestamp",
              "{\"$timestamp\":{\"t\":"
                  + Integer.toUnsignedString(v.asTimestamp().getTime())
                  + ",\"i\":"
                  + Integer.toUnsignedString(v.asTimestamp().getInc())
                  + "}}");
      default -> tagged("CanonicalExtJson", extJson(v));
    };
  }

  private static String tagged(String type, String body) {
    return "{\"" + type + "\":" + body + "}";
  }

  /** The value's canonical extended JSON, without the spaces the driver writes. */
  private static String extJson(BsonValue v) {
    String doc = new BsonDocument("v", v).toJson(Json.CANONICAL);
    // {"v": <value>} -> <value>
    return withoutSpaces(doc.substring(doc.indexOf(':') + 1, doc.length() - 1));
  }

  /** Drops whitespace outside string literals, where JSON gives it no meaning. */
  private static String withoutSpaces(String json) {
    StringBuilder b = new StringBuilder(json.length());
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        b.append(c);
        if (c == '\\') {
          b.append(json.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
        b.append(c);
      } else if (!Character.isWhitespace(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Reads a typed value.
   *
   * @param text the value text; {@code null} is BSON null
   * @throws IllegalArgumentException saying what is wrong with it (the caller names the field and
   *     where the text came from)
   */
  static BsonValue decode(String text) {
    if (text == null) {
      return BsonNull.VALUE;
    }
    String t = text.trim();
    if (OBJECT_ID.matcher(t).matches()) {
      return new BsonObjectId(new ObjectId(t));
    }
    if (!t.startsWith("{")) {
      throw new IllegalArgumentException("not a typed MongoDB value; " + FORMS);
    }
    BsonDocument d;
    try {
      d = BsonDocument.parse(t);
    } catch (JsonParseException | BsonInvalidOperationException e) {
      throw new IllegalArgumentException("not valid JSON (" + e.getMessage() + "); " + FORMS);
    }
    if (d.size() != 1) {
      throw new IllegalArgumentException("a typed value has exactly one field; " + FORMS);
    }
    String type = d.getFirstKey();
    BsonValue body = d.get(type);
    try {
      return typed(type, body);
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          type + " value " + extJson(body) + " does not parse: " + e.getMessage());
    }
  }

  private static BsonValue typed(String type, BsonValue body) {
    switch (type) {
      case "ObjectId":
        if (body.isObjectId()) {
          return body;
        }
        String hex = text(type, body);
        if (!OBJECT_ID.matcher(hex).matches()) {
          throw new IllegalArgumentException("ObjectId must be 24 hex digits, was \"" + hex + "\"");
        }
        return new BsonObjectId(new ObjectId(hex));
      case "String":
        return new BsonString(text(type, body));
      case "Symbol":
        return new BsonSymbol(text(type, body));
      case "JavaScriptCode":
        return new BsonJavaScript(text(type, body));
      case "Int32":
        return new BsonInt32(Math.toIntExact(integral(type, body)));
      case "Int64":
        return new BsonInt64(integral(type, body));
      // The tags below are read so that positions this library wrote before still resume.
      case "Double":
        return new BsonDouble(doubleValue(body));
      case "Decimal128":
        if (body.isDecimal128()) {
          return body;
        }
        return new BsonDecimal128(Decimal128.parse(text(type, body)));
      case "DateTime":
        return dateTime(body);
      case "Timestamp":
        return timestamp(body);
      case "Binary":
        return binary(body);
      case "Document":
        if (!body.isDocument()) {
          throw new IllegalArgumentException(
              "Document must hold a JSON object, was " + extJson(body));
        }
        return body;
      case "Boolean":
        if (!body.isBoolean()) {
          throw new IllegalArgumentException("Boolean must be true or false, was " + extJson(body));
        }
        return body;
      case "Null":
        return BsonNull.VALUE;
      case "MinKey":
        return new BsonMinKey();
      case "MaxKey":
        return new BsonMaxKey();
      case "CanonicalExtJson": // ape-dts, every type without a tag of its own
      case "ExtJson": // this library, before it wrote ape-dts's forms
        return body;
      default:
        throw new IllegalArgumentException("unknown type \"" + type + "\"; " + FORMS);
    }
  }

  private static String text(String type, BsonValue body) {
    if (!body.isString()) {
      throw new IllegalArgumentException(type + " must hold a string, was " + extJson(body));
    }
    return body.asString().getValue();
  }

  private static long integral(String type, BsonValue body) {
    return switch (body.getBsonType()) {
      case INT32 -> body.asInt32().getValue();
      case INT64 -> body.asInt64().getValue();
      case STRING -> Long.parseLong(body.asString().getValue());
      default ->
          throw new IllegalArgumentException(
              type + " must hold a whole number, was " + extJson(body));
    };
  }

  private static double doubleValue(BsonValue body) {
    switch (body.getBsonType()) {
      case DOUBLE:
        return body.asDouble().getValue();
      case INT32:
        return body.asInt32().getValue();
      case INT64:
        long l = body.asInt64().getValue();
        if ((long) (double) l != l) {
          throw new IllegalArgumentException("Double " + l + " is not exactly representable");
        }
        return l;
      case STRING:
        String s = body.asString().getValue();
        if (!DOUBLE.matcher(s).matches()) {
          throw new IllegalArgumentException(
              "Double must be a decimal number, NaN, Infinity or -Infinity, was \"" + s + "\"");
        }
        return Double.parseDouble(s);
      default:
        throw new IllegalArgumentException("Double must hold a number, was " + extJson(body));
    }
  }

  private static BsonValue dateTime(BsonValue body) {
    return switch (body.getBsonType()) {
      case DATE_TIME -> body;
      case INT32, INT64 -> new BsonDateTime(integral("DateTime", body));
      case STRING -> new BsonDateTime(Instant.parse(body.asString().getValue()).toEpochMilli());
      default ->
          throw new IllegalArgumentException(
              "DateTime must hold milliseconds since the epoch, {\"$date\":…} or an ISO instant,"
                  + " was "
                  + extJson(body));
    };
  }

  private static BsonValue timestamp(BsonValue body) {
    if (body.getBsonType() == BsonType.TIMESTAMP) {
      return body;
    }
    if (body.isDocument() && body.asDocument().size() == 2) {
      BsonDocument d = body.asDocument();
      if (d.containsKey("t") && d.containsKey("i")) {
        return new BsonTimestamp((int) unsigned32(d.get("t")), (int) unsigned32(d.get("i")));
      }
    }
    throw new IllegalArgumentException(
        "Timestamp must be {\"t\":seconds,\"i\":increment}, was " + extJson(body));
  }

  private static long unsigned32(BsonValue v) {
    long n = integral("Timestamp", v);
    if (n < 0 || n > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("Timestamp fields are unsigned 32-bit, was " + n);
    }
    return n;
  }

  private static BsonValue binary(BsonValue body) {
    if (body.isBinary()) {
      return body;
    }
    if (body.isDocument()) {
      BsonDocument d = body.asDocument();
      if (d.size() == 2 && d.containsKey("subtype") && d.containsKey("hex")) {
        long subtype = integral("Binary subtype", d.get("subtype"));
        if (subtype < 0 || subtype > 255) {
          throw new IllegalArgumentException("Binary subtype must be 0..255, was " + subtype);
        }
        byte[] data = HexFormat.of().parseHex(text("Binary hex", d.get("hex")));
        return new BsonBinary((byte) subtype, data);
      }
    }
    throw new IllegalArgumentException(
        "Binary must be {\"subtype\":n,\"hex\":\"…\"}, was " + extJson(body));
  }
}
