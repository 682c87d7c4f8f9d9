package dev.checkpoint.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

class KeyedPlanTest {
  private static final BsonDocument NO_FILTER = new BsonDocument();

  private static List<String> json(List<BsonDocument> queries) {
    return queries.stream().map(BsonDocument::toJson).toList();
  }

  @Test
  void fromTheStartReadsOneTypeBracketAfterTheOther() {
    List<String> q = json(new KeyedPlan(List.of("_id"), NO_FILTER).fromStart());
    assertThat(q)
        .containsExactly(
            "{\"_id\": {\"$type\": \"minKey\"}}",
            "{\"_id\": {\"$eq\": null}}",
            "{\"_id\": {\"$eq\": {\"$numberDouble\": \"NaN\"}}}",
            "{\"_id\": {\"$gte\": {\"$numberDouble\": \"-Infinity\"}, \"$ne\": {\"$numberDouble\":"
                + " \"NaN\"}}}",
            "{\"_id\": {\"$gte\": \"\"}}",
            "{\"_id\": {\"$gte\": {}}}",
            "{\"_id\": {\"$type\": \"binData\"}}",
            "{\"_id\": {\"$type\": \"objectId\"}}",
            "{\"_id\": {\"$type\": \"bool\"}}",
            "{\"_id\": {\"$type\": \"date\"}}",
            "{\"_id\": {\"$type\": \"timestamp\"}}",
            "{\"_id\": {\"$type\": \"maxKey\"}}");
  }

  @Test
  void afterANumberReadsTheRestOfTheNumbersThenEveryLaterBracket() {
    List<String> q =
        json(new KeyedPlan(List.of("_id"), NO_FILTER).after(List.of(new BsonInt32(5))));
    assertThat(q)
        .containsExactly(
            "{\"_id\": {\"$gt\": 5, \"$ne\": {\"$numberDouble\": \"NaN\"}}}",
            "{\"_id\": {\"$gte\": \"\"}}",
            "{\"_id\": {\"$gte\": {}}}",
            "{\"_id\": {\"$type\": \"binData\"}}",
            "{\"_id\": {\"$type\": \"objectId\"}}",
            "{\"_id\": {\"$type\": \"bool\"}}",
            "{\"_id\": {\"$type\": \"date\"}}",
            "{\"_id\": {\"$type\": \"timestamp\"}}",
            "{\"_id\": {\"$type\": \"maxKey\"}}");
  }

  @Test
  void afterASingleValuedBracketReadsOnlyLaterBrackets() {
    KeyedPlan plan = new KeyedPlan(List.of("_id"), NO_FILTER);
    assertThat(json(plan.after(List.of(new BsonMinKey()))).get(0))
        .isEqualTo("{\"_id\": {\"$eq\": null}}");
    assertThat(plan.after(List.of(new BsonMaxKey()))).isEmpty();
  }

  @Test
  void compositeKeyHoldsEarlierFieldsEqualThenMovesThemOn() {
    KeyedPlan plan = new KeyedPlan(List.of("a", "b"), NO_FILTER);
    List<String> q = json(plan.after(List.of(new BsonInt32(1), new BsonString("x"))));
    assertThat(q.get(0))
        .isEqualTo("{\"$and\": [{\"a\": {\"$eq\": 1}}, {\"b\": {\"$gt\": \"x\"}}]}");
    assertThat(q.get(1)).isEqualTo("{\"$and\": [{\"a\": {\"$eq\": 1}}, {\"b\": {\"$gte\": {}}}]}");
    // after b's later brackets: a moves on within its bracket, then to a's later brackets
    int moveOn = q.indexOf("{\"a\": {\"$gt\": 1, \"$ne\": {\"$numberDouble\": \"NaN\"}}}");
    assertThat(moveOn).isEqualTo(1 + 7);
    assertThat(q.get(moveOn + 1)).isEqualTo("{\"a\": {\"$gte\": \"\"}}");
    assertThat(plan.sort().toJson()).isEqualTo("{\"a\": 1, \"b\": 1}");
  }

  @Test
  void theUserFilterIsAndedToEveryQuery() {
    BsonDocument filter = BsonDocument.parse("{\"status\": \"A\"}");
    List<BsonDocument> q =
        new KeyedPlan(List.of("_id"), filter).after(List.of(new BsonString("k")));
    assertThat(q).isNotEmpty();
    for (BsonDocument d : q) {
      assertThat(d.getArray("$and").get(0)).isEqualTo(filter);
    }
  }

  /**
   * Every query bounds the key with operators the server turns into index bounds (comparisons,
   * equality, $type), never with $not, $expr, $where or $or, which would scan.
   */
  @Test
  void everyQueryIsAnIndexRangeOnTheKey() {
    Set<String> bounded = Set.of("$gt", "$gte", "$eq", "$ne", "$type");
    KeyedPlan plan = new KeyedPlan(List.of("a", "b"), NO_FILTER);
    for (BsonValue v : MixedKeys.all(true)) {
      for (BsonDocument q : plan.after(List.of(v, v))) {
        List<BsonDocument> parts =
            q.containsKey("$and")
                ? q.getArray("$and").stream().map(BsonValue::asDocument).toList()
                : List.of(q);
        for (BsonDocument part : parts) {
          assertThat(part.keySet()).hasSize(1).isSubsetOf(Set.of("a", "b"));
          for (Map.Entry<String, BsonValue> op :
              part.values().iterator().next().asDocument().entrySet()) {
            assertThat(op.getKey()).isIn(bounded);
          }
        }
      }
    }
  }
}
