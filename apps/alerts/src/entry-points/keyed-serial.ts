/** Runs the work of one key one at a time, in the order it was asked for; different keys run side by side. */
export type KeyedSerial = <T>(key: string, work: () => Promise<T>) => Promise<T>;

/** Creates the chains; a key's entry goes once its last work settled, so memory follows the work in flight. */
export function createKeyedSerial(): KeyedSerial {
  const tails = new Map<string, Promise<unknown>>();
  return (key, work) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
