/** One received message's place in the acknowledgement order. */
export interface AckSlot {
  /** The message is handled: its PUBACK may go out once every earlier one has. */
  complete(): void;
}

/** PUBACKs of one connection, released in the order their PUBLISH packets arrived. */
export interface InOrderAcks {
  /** Messages received and not yet acknowledged (handled or not). */
  readonly size: number;
  /** Takes the next place in the order for the PUBLISH with `messageId`. */
  add(messageId: number): AckSlot;
  /** The connection closed: nothing more is acknowledged on it (its packet ids died with it). */
  clear(): void;
}

/**
 * Lets several messages of a connection be handled at once while acknowledging them in the order they
 * were received, as MQTT 3.1.1 §4.6 (MQTT-4.6.0-2) and MQTT 5 §4.6 require: a message handled early waits
 * for every earlier one, so a PUBACK never acknowledges a message before one that came first.
 */
export function createInOrderAcks(sendPuback: (messageId: number) => void): InOrderAcks {
  const queue: { readonly messageId: number; done: boolean }[] = [];
  let generation = 0;
  const releaseHandled = () => {
    while (queue[0]?.done === true) {
      const head = queue.shift();
      if (head !== undefined) sendPuback(head.messageId);
    }
  };
  return {
    get size() {
      return queue.length;
    },
    add(messageId) {
      const entry = { messageId, done: false };
      const addedIn = generation;
      queue.push(entry);
      return {
        complete() {
          if (addedIn !== generation || entry.done) return;
          entry.done = true;
          releaseHandled();
        },
      };
    },
    clear() {
      generation += 1;
      queue.length = 0;
    },
  };
}
