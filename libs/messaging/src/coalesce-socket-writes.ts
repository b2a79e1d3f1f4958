/** The part of a net.Socket (or any Writable) whose writes get coalesced. */
export interface CorkableWritable {
  cork(): void;
  uncork(): void;
  write: (...args: never[]) => boolean;
}

const coalesced = new WeakSet<CorkableWritable>();

/**
 * Makes every write to `socket` within one turn of the event loop leave as a single system call (one
 * writev at the end of the turn, through cork/uncork), instead of one syscall each. amqplib writes each
 * frame (a publish, an ack) on its own; at thousands a second those syscalls were the largest cost in the
 * CPU profiles of `npm run bench`. Only for sockets that are ended, not destroyed, after their last write:
 * destroy() drops what is still corked. Idempotent.
 */
export function coalesceSocketWrites(socket: CorkableWritable): void {
  if (coalesced.has(socket)) return;
  coalesced.add(socket);
  const write = socket.write.bind(socket);
  let corked = false;
  const flush = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = (...args: never[]) => {
    if (!corked) {
      corked = true;
      socket.cork();
      setImmediate(flush);
    }
    return write(...args);
  };
}
