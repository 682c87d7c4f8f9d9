package dev.checkpoint.bench;

/**
 * One target of the issue, evaluated: what was measured against what was asked.
 *
 * @param target the target in words, e.g. {@code (c) default policy >= 0.90 x (a)}
 * @param db where it was measured
 * @param measured the measured ratio or value as text, e.g. {@code 0.97x} or {@code 2.1 ms}
 * @param required the threshold as text
 * @param met whether the target was met; {@code null} when it could not be measured
 * @param note what the number covers, or why it is missing
 */
record Check(String target, String db, String measured, String required, Boolean met, String note) {
  String verdict() {
    return met == null ? "not measured" : met ? "met" : "NOT MET";
  }
}
