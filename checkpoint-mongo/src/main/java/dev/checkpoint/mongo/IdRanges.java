package dev.checkpoint.mongo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * The queries that read a range {@code (lo, hi]} of {@code _id} in key order. A comparison only
 * matches values of its operand's type bracket, so a range whose ends lie in two brackets is the
 * rest of {@code lo}'s bracket, every bracket in between, and {@code hi}'s bracket up to {@code
 * hi}; with no {@code lo}, every bracket below {@code hi}'s; with no {@code hi}, everything after
 * {@code lo}. So the ranges of a plan cover every document whatever its {@code _id}'s type,
 * including documents inserted after the plan was made.
 */
final class IdRanges {
  static final String ID = "_id";

  private IdRanges() {}

  /**
   * @param plan the keyed plan on {@code _id}, which carries the user's filter
   * @param lo the exclusive lower end, or {@code null} for none
   * @param hi the inclusive upper end, or {@code null} for none
   * @throws IllegalArgumentException if {@code lo}'s bracket sorts after {@code hi}'s
   */
  static List<BsonDocument> queries(KeyedPlan plan, BsonValue lo, BsonValue hi) {
    if (hi == null) {
      return lo == null ? plan.fromStart() : plan.after(List.of(lo));
    }
    Bracket top = Bracket.of(hi);
    List<BsonDocument> conditions = new ArrayList<>();
    Bracket from;
    if (lo == null) {
      from = Bracket.all().get(0);
    } else {
      Bracket bottom = Bracket.of(lo);
      if (bottom.compareTo(top) > 0) {
        throw new IllegalArgumentException(
            "the range's lower end is of type bracket "
                + bottom
                + ", which sorts after its upper end's, "
                + top);
      }
      if (bottom == top) {
        return bottom.between(ID, lo, hi).map(c -> List.of(plan.and(List.of(c)))).orElse(List.of());
      }
      bottom.after(ID, lo).ifPresent(conditions::add);
      from = bottom.later().get(0);
    }
    for (Bracket b : Bracket.all().subList(from.ordinal(), top.ordinal())) {
      conditions.add(b.whole(ID));
    }
    conditions.add(top.upTo(ID, hi));
    List<BsonDocument> out = new ArrayList<>(conditions.size());
    for (BsonDocument c : conditions) {
      out.add(plan.and(List.of(c)));
    }
    return out;
  }

  /** The condition for the values of {@code b} after {@code v}, or its whole when no {@code v}. */
  static Optional<BsonDocument> rest(Bracket b, BsonValue v) {
    return v == null ? Optional.of(b.whole(ID)) : b.after(ID, v);
  }
}
