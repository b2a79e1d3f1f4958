/** The part of an aedes persistence that stores a persistent session's subscriptions. */
export interface SubscriptionWrites {
  addSubscriptions(client: { readonly id: string }, subscriptions: unknown[], callback?: unknown): unknown;
}

/**
 * Makes one client's subscription writes run one after another, sharing a write identical to the one
 * pending. aedes 1.2 stores a SUBSCRIBE of a persistent session once per filter, concurrently, each time
 * with all of the packet's filters (lib/handlers/subscribe.js `storeSubscriptions`; moscajs/aedes#458).
 * aedes-persistence's broadcast then waits for its own `$SYS/sub/add` echo under the key
 * `{clientId}-sub_{first topic}`: concurrent writes overwrite each other's waiter, all but one never
 * settle, and the SUBACK is never sent (moscajs/aedes#602). fan-out subscribes to three filters at once.
 */
export function serializeSubscriptionWrites(persistence: SubscriptionWrites): void {
  const write = persistence.addSubscriptions.bind(persistence);
  const pending = new Map<string, { readonly key: string; readonly done: Promise<unknown> }>();
  persistence.addSubscriptions = (client, subscriptions, callback) => {
    // The callback form is not used by aedes 1.x; leave it as it was.
    if (callback !== undefined) return write(client, subscriptions, callback);
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
