/** The wait for one SUBACK, started when the SUBSCRIBE is sent. */
export interface SubackDeadline {
  /** A packet was read from the connection: the SUBACK, if it is coming, may be behind what was read. */
  read(): void;
  /** The SUBACK came, or the connection closed. */
  cancel(): void;
}

/**
 * Calls `onOverdue` once no SUBACK came for `timeoutMs` of reading nothing while able to read. A resumed
 * persistent session's backlog may be sent ahead of the SUBACK, and mqtt.js reads it only as the window of
 * messages in hand frees up (`isReadingHeld`: full, e.g. RabbitMQ slow): neither means the broker left the
 * SUBSCRIBE unanswered, and closing the connection then would only send the backlog again.
 */
export function startSubackDeadline(
  timeoutMs: number,
  isReadingHeld: () => boolean,
  onOverdue: () => void,
): SubackDeadline {
  let lastReadAt = Date.now();
  let wasHeld = false;
  const check = () => {
    const held = isReadingHeld();
    // Held, or let go since the last check (when exactly is unknown): the quiet wait starts again now.
    if (held || wasHeld) lastReadAt = Date.now();
    wasHeld = held;
    const quietMs = Date.now() - lastReadAt;
    if (quietMs < timeoutMs) {
      timer = setTimeout(check, timeoutMs - quietMs);
      return;
    }
    onOverdue();
  };
  let timer = setTimeout(check, timeoutMs);
  return {
    read() {
      lastReadAt = Date.now();
    },
    cancel() {
      clearTimeout(timer);
    },
  };
}
