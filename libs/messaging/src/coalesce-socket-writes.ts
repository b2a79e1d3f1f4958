/** The part of a net.Socket (or any Writable) whose writes get coalesced. */
export interface CorkableWritable {
  cork(): void;
  uncork(): void;
  write: (...args: never[]) => boolean;
}

/** How writes are coalesced. */
export interface CoalesceOptions {
  /**
   * The least time between two system calls (default 0: one at the end of each turn that wrote). The first
   * write after a quiet interval still leaves at the end of its turn; later ones wait for the interval's end.
   */
  readonly minIntervalMs?: number;
}

const coalesced = new WeakSet<CorkableWritable>();

/**
 * Makes every write to `socket` within one turn of the event loop leave as a single system call (one
 * writev at the end of the turn, through cork/uncork), instead of one syscall each. amqplib writes each
 * frame (a publish, an ack) on its own; at thousands a second those syscalls were the largest cost in the
 * CPU profiles of `npm run bench`. With `minIntervalMs`, a busy socket's writes of several turns share one
 * syscall too, for at most that much delay; an idle socket's are not delayed. Only for sockets that are
 * ended, not destroyed, after their last write: destroy() drops what is still corked. Idempotent.
 */
export function coalesceSocketWrites(socket: CorkableWritable, options: CoalesceOptions = {}): void {
  if (coalesced.has(socket)) return;
  coalesced.add(socket);
  const { minIntervalMs = 0 } = options;
  const write = socket.write.bind(socket);
  let corked = false;
  let flushedAt = -Infinity;
  const flush = () => {
    corked = false;
    flushedAt = performance.now();
    socket.uncork();
  };
  socket.write = (...args: never[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      const waitMs = flushedAt + minIntervalMs - performance.now();
      if (waitMs > 0) setTimeout(flush, waitMs);
      else setImmediate(flush);
    }
    return write(...args);
  };
}
