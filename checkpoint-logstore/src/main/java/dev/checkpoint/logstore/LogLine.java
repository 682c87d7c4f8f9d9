package dev.checkpoint.logstore;

import dev.checkpoint.PositionRecord;

/**
 * One line that carried a position or finished mark.
 *
 * @param number 1-based line number in its file
 * @param text the line as read, without its line end (kept verbatim by compaction)
 * @param tag the header's tag, {@link Tag#NONE} if it had none
 * @param record the table and its position
 */
record LogLine(int number, String text, Tag tag, PositionRecord record) {}
