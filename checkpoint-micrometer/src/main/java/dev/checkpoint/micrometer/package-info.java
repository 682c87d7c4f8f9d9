/**
 * Micrometer meters for Checkpoint: {@link dev.checkpoint.micrometer.CheckpointMetrics} is the one
 * entry point. It measures a {@link dev.checkpoint.PositionStore} by decorating it, and a {@link
 * dev.checkpoint.runner.TableRunner} run through a {@link dev.checkpoint.runner.RunListener}.
 */
package dev.checkpoint.micrometer;
