/** The part of an aedes persistence that stores a persistent session's subscriptions. */
export interface SubscriptionWrites {
  addSubscriptions(client: { readonly id: string }, subscriptions: unknown[], callback?: unknown): unknown;
}

/**
 * How long a write may wait for its broadcast's echo before it fails (and the SUBSCRIBE with it). Long: the
 * echo queues behind the emitter's deliveries in flight (up to 1000), so under a backlog it can take seconds,
 * and a write failed early would close the connection of a client whose SUBSCRIBE was in fact stored.
 */
const defaultWriteDeadlineMs = 30_000;

/**
 * Makes one client's subscription writes run one after another, sharing a write identical to the one
 * pending. aedes 1.2 stores a SUBSCRIBE of a persistent session once per filter, concurrently, each time
 * with all of the packet's filters (lib/handlers/subscribe.js `storeSubscriptions`; moscajs/aedes#458).
 * aedes-persistence's broadcast then waits for its own `$SYS/sub/add` echo under the key
 * `{clientId}-sub_{first topic}`: concurrent writes overwrite each other's waiter, all but one never
 * settle, and the SUBACK is never sent (moscajs/aedes#602). fan-out subscribes to three filters at once.
 * An echo published while the emitter's subscriber connection was away is lost and its write never settles:
 * past `deadlineMs` the write fails, so aedes closes the connection and the client's next SUBSCRIBE (or
 * CONNECT, for a session restored from memory) writes again rather than joining a write that never ends.
 */
export function serializeSubscriptionWrites(
  persistence: SubscriptionWrites,
  deadlineMs = defaultWriteDeadlineMs,
): void {
  const library = persistence.addSubscriptions.bind(persistence);
  const write = (client: { readonly id: string }, subscriptions: unknown[]) =>
    withinDeadline(Promise.resolve(library(client, subscriptions)), deadlineMs);
  const pending = new Map<string, { readonly key: string; readonly done: Promise<unknown> }>();
  persistence.addSubscriptions = (client, subscriptions, callback) => {
    // The callback form is not used by aedes 1.x; leave it as it was.
    if (callback !== undefined) return library(client, subscriptions, callback);
    const key = JSON.stringify(subscriptions);
    const previous = pending.get(client.id);
    if (previous?.key === key) return previous.done;
    const done = (previous?.done ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => write(client, subscriptions));
    const entry = { key, done };
    pending.set(client.id, entry);
    const forget = () => {
      if (pending.get(client.id) === entry) pending.delete(client.id);
    };
    done.then(forget, forget);
    return done;
  };
}

/** `work`, or a rejection once `deadlineMs` passed without it settling. */
function withinDeadline<T>(work: Promise<T>, deadlineMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`subscriptions not stored within ${deadlineMs} ms (their broadcast's echo was lost)`));
    }, deadlineMs);
  });
  return Promise.race([work, deadline]).finally(() => {
    clearTimeout(timer);
  });
}
