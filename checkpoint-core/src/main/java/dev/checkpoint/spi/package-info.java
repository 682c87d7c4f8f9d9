/**
 * The store SPI: what a position store's author implements. A store is a dumb, durable map of
 * records per task ({@link dev.checkpoint.spi.RecordStore}, {@link
 * dev.checkpoint.spi.RecordSession}); the core maps positions, finished marks, statuses and task
 * state to and from records. See docs/stores.md, "Writing your own store".
 */
package dev.checkpoint.spi;
