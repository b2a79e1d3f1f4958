/**
 * The kinds of cached facts a replica may hold about a key (a session id, a user id, a device id, a
 * `vendorId/productId`, a home id): `device` for a change of the device's record or desired state,
 * `device-state` for its reported state or presence, `product` for a product's assistant mapping,
 * `home-links` for a home that may have gained an assistant link (a member linked, or someone joined),
 * `webhook-reach` when webhook endpoints may reach more events (an endpoint created or changed, someone joined).
 */
export type InvalidationTopic =
  | 'session'
  | 'user-sessions'
  | 'home-scope'
  | 'device'
  | 'device-state'
  | 'product'
  | 'home-links'
  | 'webhook-reach';

export const invalidationTopics: readonly InvalidationTopic[] = [
  'session',
  'user-sessions',
  'home-scope',
  'device',
  'device-state',
  'product',
  'home-links',
  'webhook-reach',
];

/** The `product` topic's key of a vendor's product (ids hold no `/`). */
export const productKey = (vendorId: string, productId: string) => `${vendorId}/${productId}`;

/** What a cache does when told. */
export interface InvalidationHandlers {
  /** What is cached about `key` under the topic is stale: drop it. */
  onStale(key: string): void;
  /** Invalidations may have been missed (the subscription was lost): drop everything. */
  onReset(): void;
}

/**
 * Tells every replica (this one first) that what it caches about a key is stale. A replica may use a
 * cached fact only while `isListening()`: while it is not, invalidations published elsewhere may not reach it.
 */
export interface Invalidations {
  /** Drops the key's facts here at once, then sends the invalidation to the other replicas. */
  publish(topic: InvalidationTopic, key: string): Promise<void>;
  subscribe(topic: InvalidationTopic, handlers: InvalidationHandlers): void;
  isListening(): boolean;
  close(): Promise<void>;
}

/** The handlers of each topic, and their delivery (shared by both implementations). */
export function createInvalidationHandlers() {
  const byTopic = new Map<InvalidationTopic, InvalidationHandlers[]>();
  return {
    add(topic: InvalidationTopic, handlers: InvalidationHandlers) {
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), handlers]);
    },
    deliver(topic: InvalidationTopic, key: string) {
      for (const handlers of byTopic.get(topic) ?? []) handlers.onStale(key);
    },
    resetAll() {
      for (const list of byTopic.values()) for (const handlers of list) handlers.onReset();
    },
  };
}

/** One process alone (the embedded mode): an invalidation reaches every cache at once, and nothing is missed. */
export function createInProcessInvalidations(): Invalidations {
  const handlers = createInvalidationHandlers();
  return {
    publish(topic, key) {
      handlers.deliver(topic, key);
      return Promise.resolve();
    },
    subscribe: (topic, topicHandlers) => {
      handlers.add(topic, topicHandlers);
    },
    isListening: () => true,
    close: () => Promise.resolve(),
  };
}
