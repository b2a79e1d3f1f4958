/** How a periodic task runs, and what it tells of a failed round. */
export interface PeriodicTaskOptions {
  readonly intervalMs: number;
  /** One round of the work; resolves true when another should follow at once (it took a whole batch). */
  readonly round: () => Promise<boolean>;
  /** A round failed; the next one runs after the interval as usual. */
  readonly onFailure: (error: unknown) => void;
  /** `start` schedules the first round an interval later instead of running it at once (default false). */
  readonly delayFirstRound?: boolean;
}

/** A task that runs now and then, or on demand. */
export interface PeriodicTask {
  /**
   * Runs the first round now (resolves when it ends; it never rejects) and schedules the next ones; with
   * `delayFirstRound`, schedules the first one an interval later and resolves at once.
   */
  start(): Promise<void>;
  /** Runs a round now, or right after the one in progress; triggers meanwhile make one round, not many. */
  trigger(): void;
  /** Stops scheduling and waits for the round in progress. */
  stop(): Promise<void>;
}

/** Runs `round` every `intervalMs` after the previous one ended, never two at once. */
export function createPeriodicTask(options: PeriodicTaskOptions): PeriodicTask {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running !== undefined) {
      again = true;
      return running;
    }
    clearTimeout(timer);
    running = options
      .round()
      .then(
        (more) => {
          again ||= more;
        },
        (error: unknown) => {
          options.onFailure(error);
        },
      )
      .finally(() => {
        running = undefined;
        if (stopped) return;
        if (again) {
          again = false;
          void run();
        } else {
          timer = setTimeout(() => void run(), options.intervalMs);
        }
      });
    return running;
  };

  return {
    start(): Promise<void> {
      if (options.delayFirstRound !== true) return run();
      timer = setTimeout(() => void run(), options.intervalMs);
      return Promise.resolve();
    },
    trigger(): void {
      void run();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
