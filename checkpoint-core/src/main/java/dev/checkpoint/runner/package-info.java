/**
 * Runs many tables of one task (seed 003): {@link dev.checkpoint.runner.TableRunner} skips the
 * finished tables, resumes the interrupted ones, runs several at once, records each table's status
 * through the {@link dev.checkpoint.Checkpointer}, and reports progress to {@link
 * dev.checkpoint.runner.RunListener}s such as the {@link dev.checkpoint.runner.ConsoleReporter}.
 *
 * <p>A package of its own because it is a layer over the single-table API: it uses only the public
 * {@code Checkpointer}, {@code Source} and {@code BatchSink}, and a pipeline that copies one table
 * never needs it.
 */
package dev.checkpoint.runner;
