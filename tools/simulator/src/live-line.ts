/** Where progress goes: a terminal (one line rewritten in place) or a log/pipe (a plain line now and then). */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Where a run is when a line is shown: off a terminal, a new phase or enough elapsed time writes a line. */
export interface LiveLineMoment {
  readonly elapsedMs: number;
  readonly phase: string;
}

/** One status line of a long run. */
export interface LiveLine {
  show(line: string, at: LiveLineMoment): void;
  /** Ends the rewritten line (on a terminal) so what follows starts on a line of its own. */
  end(): void;
}

/**
 * On a terminal, rewrites one line at every `show`; elsewhere writes a plain line every `plainIntervalMs`
 * (default 5 s) of elapsed time and at every phase change, so logs stay short.
 */
export function createLiveLine(output: ProgressOutput, options: { plainIntervalMs?: number } = {}): LiveLine {
  const plainIntervalMs = options.plainIntervalMs ?? 5000;
  let lastPlain: LiveLineMoment | undefined;
  let lineOpen = false;
  return {
    show(line, at) {
      if (output.isTTY === true) {
        // Carriage return and "erase to end of line" (ANSI CSI K), then the line.
        output.write(`\r\x1b[K${line}`);
        lineOpen = true;
        return;
      }
      const due =
        lastPlain === undefined ||
        lastPlain.phase !== at.phase ||
        at.elapsedMs - lastPlain.elapsedMs >= plainIntervalMs;
      if (!due) return;
      lastPlain = at;
      output.write(`${line}\n`);
    },
    end() {
      if (lineOpen) output.write('\n');
      lineOpen = false;
    },
  };
}
