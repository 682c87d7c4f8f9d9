package dev.checkpoint.mongo;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads stage names out of an explain document, wherever the server nests them (classic plans,
 * slot-based plans under queryPlan, inputStage/inputStages, shards).
 */
final class Explain {
  private Explain() {}

  static List<String> stages(BsonDocument explain) {
    List<String> out = new ArrayList<>();
    walk(winning(explain), "stage", out);
    return out;
  }

  static List<String> indexNames(BsonDocument explain) {
    List<String> out = new ArrayList<>();
    walk(winning(explain), "indexName", out);
    return out;
  }

  private static BsonValue winning(BsonDocument explain) {
    BsonDocument planner = explain.getDocument("queryPlanner", new BsonDocument());
    return planner.containsKey("winningPlan") ? planner.get("winningPlan") : explain;
  }

  private static void walk(BsonValue v, String field, List<String> out) {
    if (v.isDocument()) {
      for (var e : v.asDocument().entrySet()) {
        if (e.getKey().equals(field) && e.getValue().isString()) {
          out.add(e.getValue().asString().getValue());
        } else if (!e.getKey().equals("rejectedPlans")) {
          walk(e.getValue(), field, out);
        }
      }
    } else if (v.isArray()) {
      v.asArray().forEach(x -> walk(x, field, out));
    }
  }
}
