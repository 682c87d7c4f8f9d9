package dev.checkpoint.logstore;

/** The three files positions are read from; each has its own rules for comments and types. */
enum FileKind {
  /** Written by the store; positions only; a last line without a line end is torn. */
  POSITION_LOG(true, false, true, false),
  /** Written by the store; finished marks only; a last line without a line end is torn. */
  FINISHED_LOG(true, false, false, true),
  /** Written by a human: comments allowed, positions and finished marks mixed. */
  RESUME_CONFIG(false, true, true, true);

  final boolean tornTail;
  final boolean comments;
  final boolean positions;
  final boolean finishedMarks;

  FileKind(boolean tornTail, boolean comments, boolean positions, boolean finishedMarks) {
    this.tornTail = tornTail;
    this.comments = comments;
    this.positions = positions;
    this.finishedMarks = finishedMarks;
  }
}
