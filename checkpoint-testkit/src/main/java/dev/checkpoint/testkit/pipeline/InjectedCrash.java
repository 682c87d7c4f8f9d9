package dev.checkpoint.testkit.pipeline;

/**
 * What a planned crash throws, and what every wrapped part throws once the crash came (the process
 * is dead). A type of its own so that no real failure is taken for it; a pipeline should let it
 * pass, as nothing survives a real crash.
 */
public final class InjectedCrash extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A crash, or a use of a part after it.
   *
   * @param message where the crash came, or what was attempted after it
   */
  public InjectedCrash(String message) {
    super(message);
  }
}
