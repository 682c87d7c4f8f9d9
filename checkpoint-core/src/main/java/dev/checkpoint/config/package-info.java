/**
 * Stores from a task's INI settings ({@link dev.checkpoint.TaskConfig}): {@link
 * dev.checkpoint.config.Stores#fromConfig}.
 */
package dev.checkpoint.config;
