package dev.checkpoint.examples.snippets;

import dev.checkpoint.PositionStore;
import dev.checkpoint.ResumeSource;
import dev.checkpoint.logstore.FsyncPolicy;
import dev.checkpoint.logstore.LogStore;
import dev.checkpoint.logstore.ResumeConfig;
import java.nio.file.Path;
import java.time.Duration;

/** The code of docs/formats.md, compiled; DocsCodeBlocksTest checks the page quotes it verbatim. */
@SuppressWarnings("unused")
final class FormatsSnippets {
  private FormatsSnippets() {}

  static void logStores() {
    // tag::formats-log-store[]
    PositionStore store = LogStore.in(Path.of("logs"));               // defaults below
    PositionStore tuned = LogStore.builder()
        .dir(Path.of("logs"))
        .fsync(FsyncPolicy.ASYNC)                                      // default ALWAYS
        .fsyncInterval(Duration.ofMillis(100))                         // default 100 ms, ASYNC only
        .compactAt(100)                                                // default 100 lines
        .build();
    ResumeSource otherLogs = LogStore.readOnly(Path.of("resume_logs"));
    ResumeSource config    = ResumeConfig.file(Path.of("resume.config"));
    // end::formats-log-store[]
  }
}
