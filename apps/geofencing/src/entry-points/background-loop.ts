/** Work repeated in the background: now and then, and at once when asked (`wake`). */
export interface BackgroundLoop {
  start(): void;
  /** Runs a round as soon as the current one (if any) ends. */
  wake(): void;
  /** Stops and waits for the round in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `round` every `idleMs`, never two at once; a round that did work (resolved > 0) is followed by
 * another at once, a failed one is reported and retried after `idleMs`.
 */
export function createBackgroundLoop(
  round: () => Promise<number>,
  options: { readonly idleMs: number; readonly onFailure: (error: unknown) => void },
): BackgroundLoop {
  let stopped = true;
  let wakeRequested = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  // Read and cleared at the end of a round: a wake during the round asks for the next one at once.
  const takeWakeRequest = (): boolean => {
    const requested = wakeRequested;
    wakeRequested = false;
    return requested;
  };
  const runRound = async (): Promise<void> => {
    timer = undefined;
    let didWork = false;
    try {
      didWork = (await round()) > 0;
    } catch (error) {
      options.onFailure(error);
    }
    if (stopped) return;
    schedule(takeWakeRequest() || didWork ? 0 : options.idleMs);
  };
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      current = runRound();
    }, delayMs);
  };

  return {
    start() {
      stopped = false;
      schedule(0);
    },
    wake() {
      if (stopped) return;
      if (timer === undefined) {
        wakeRequested = true;
        return;
      }
      clearTimeout(timer);
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
