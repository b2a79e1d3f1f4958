import type { Aedes, Client } from 'aedes';
import type { Readable } from 'node:stream';

/** The publishes being worked on and those held back, for metrics and tests. */
export interface PublishAdmissionStats {
  readonly inFlight: number;
  readonly held: number;
}

/** Settings of `limitPublishesInFlight`. */
export interface PublishAdmissionLimits {
  /** Client publishes worked on at once, from their authorization to their PUBACK. */
  readonly maxInFlight: number;
  /** What aedes reads and parses of a connection at a time. */
  readonly maxReadBytes: number;
}

/** What aedes' client keeps of its reading (lib/client.js); the typings leave these out. */
interface ReadingClient {
  /** Packets of the last read not yet handled. */
  readonly _parsingBatch: number;
  /** Reads and parses the connection's next chunk once `_parsingBatch` is down to 0. */
  _nextBatch(): void;
}

type Work = (settled: () => void) => void;

/**
 * Bounds the client publishes the broker works on at once (with the direct ingest: until RabbitMQ confirmed
 * them) and what it reads of devices meanwhile. Beyond `maxInFlight` a publish is held, in arrival order,
 * before anything is done with it, and its connection is not read while it has one held: TCP fills and the
 * device's writes stall. aedes alone reads everything a socket has buffered (up to 64 KiB, hundreds of
 * publishes) and reads again on every 'readable' even with packets pending; beyond capacity each
 * connection's reads piled up in flight: at 10,000 msg/s offered on a VM that sustains about 5,000, over
 * 100,000 publishes, 490 MB of heap, a third of broker-api's time in GC, and the accepted rate fell to a few
 * hundred a second (tools/bench/README.md, session 22). So a connection is read `maxReadBytes` at a time,
 * and what is held is bounded by about that per connection.
 *
 * Install last and before the listeners start: it wraps `authorizePublish` and `broker.handle`. A will (no
 * client) is not held.
 */
export function limitPublishesInFlight(
  broker: Aedes,
  limits: PublishAdmissionLimits,
): () => PublishAdmissionStats {
  if (!Number.isInteger(limits.maxInFlight) || limits.maxInFlight < 1)
    throw new RangeError(`maxInFlight must be >= 1, got ${limits.maxInFlight}`);
  const authorize = broker.authorizePublish;
  let inFlight = 0;
  // A FIFO with a read index: Array#shift is O(n), and thousands may be held at once.
  let held: Work[] = [];
  let next = 0;
  let starting = false;
  // Only connections with a publish held: the path of a publish under the bound does not touch it.
  const heldByClient = new WeakMap<Client, number>();

  // A loop rather than recursion: held publishes that settle at once (refusals, no confirm to wait for)
  // would otherwise start the next ones on the same stack.
  const startHeld = (): void => {
    if (starting) return;
    starting = true;
    while (inFlight < limits.maxInFlight && next < held.length) {
      const work = held[next] as Work;
      next += 1;
      inFlight += 1;
      work(settle);
    }
    if (next === held.length) {
      held = [];
      next = 0;
    }
    starting = false;
  };
  const settle = (): void => {
    inFlight -= 1;
    startHeld();
  };
  const admit = (client: Client, work: Work): void => {
    if (inFlight < limits.maxInFlight && next === held.length) {
      inFlight += 1;
      work(settle);
      return;
    }
    heldByClient.set(client, (heldByClient.get(client) ?? 0) + 1);
    held.push((settled) => {
      const left = (heldByClient.get(client) ?? 1) - 1;
      if (left === 0) heldByClient.delete(client);
      else heldByClient.set(client, left);
      work(settled);
    });
    startHeld();
  };

  broker.authorizePublish = (client, packet, done) => {
    if (client === null) {
      authorize(client, packet, done);
      return;
    }
    admit(client, (settled) => {
      authorize(client, packet, (error) => {
        settled();
        done(error);
      });
    });
  };
  limitReads(broker, limits.maxReadBytes, (client) => heldByClient.has(client));
  return () => ({ inFlight, held: held.length - next });
}

/**
 * Reads a connection at most `maxReadBytes` at a time, and not at all while `isHolding` it: aedes reads
 * again when a packet of it is handled, so a held publish's PUBACK resumes it. A read that completes no
 * packet (one larger than the size) is followed by the next at once: a partly read stream emits no
 * 'readable', and aedes would wait for one.
 */
function limitReads(broker: Aedes, maxReadBytes: number, isHolding: (client: Client) => boolean): void {
  const handle = broker.handle;
  broker.handle = (stream, request) => {
    const client = handle(stream, request);
    const reading = client as unknown as ReadingClient;
    const conn = stream as unknown as Readable;
    const read = conn.read.bind(conn);
    const continueIfIdle = () => {
      if (reading._parsingBatch === 0 && conn.readableLength > 0 && !conn.destroyed) reading._nextBatch();
    };
    // aedes calls read(null) (lib/client.js), which the typings do not allow.
    conn.read = (size?: number | null) => {
      if (size !== undefined && size !== null) return read(size) as unknown;
      if (isHolding(client)) return null;
      if (conn.readableLength <= maxReadBytes) return read() as unknown;
      // After aedes parsed this part: no packet of it in progress means nothing will call for the rest.
      queueMicrotask(continueIfIdle);
      return read(maxReadBytes) as unknown;
    };
    return client;
  };
}
