import type { Aedes } from 'aedes';

/** The publishes being worked on and those held back, for metrics and tests. */
export interface PublishAdmissionStats {
  readonly inFlight: number;
  readonly held: number;
}

type Work = (settled: () => void) => void;

/**
 * Bounds the client publishes the broker works on at once, from their authorization to their PUBACK (with
 * the direct ingest: until RabbitMQ confirmed them). Beyond `maxInFlight`, a publish is held, in arrival
 * order, before anything is done with it; that is also what pushes back on the devices: aedes reads a
 * connection's next chunk only once every packet of the last one is handled (lib/client.js, nextBatch),
 * so a held publish stops its socket being read, TCP fills, and the device's writes stall. Without it, an
 * offer beyond capacity put one socket read (up to 64 KiB, hundreds of messages) per device in flight
 * each turn: at 10,000 msg/s offered on a VM that sustains about 5,000, 818 MB RSS, a third of broker-api's
 * time in GC, and the accepted rate fell to a few hundred a second (tools/bench/README.md, session 22).
 * What is held is bounded by a read per connection; what is in flight, by `maxInFlight`.
 *
 * Install last: it wraps the `authorizePublish` hook installed before it. A will (no client) is not held.
 */
export function limitPublishesInFlight(
  broker: Aedes,
  options: { readonly maxInFlight: number },
): () => PublishAdmissionStats {
  if (!Number.isInteger(options.maxInFlight) || options.maxInFlight < 1)
    throw new RangeError(`maxInFlight must be >= 1, got ${options.maxInFlight}`);
  const authorize = broker.authorizePublish;
  let inFlight = 0;
  // A FIFO with a read index: Array#shift is O(n), and a read per connection may be held at once.
  let held: Work[] = [];
  let next = 0;
  let starting = false;

  // A loop rather than recursion: held publishes that settle at once (refusals, no confirm to wait for)
  // would otherwise start the next ones on the same stack.
  const startHeld = (): void => {
    if (starting) return;
    starting = true;
    while (inFlight < options.maxInFlight && next < held.length) {
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
  const admit = (work: Work): void => {
    if (inFlight < options.maxInFlight && next === held.length) {
      inFlight += 1;
      work(settle);
      return;
    }
    held.push(work);
    startHeld();
  };

  broker.authorizePublish = (client, packet, done) => {
    if (client === null) {
      authorize(client, packet, done);
      return;
    }
    admit((settled) => {
      authorize(client, packet, (error) => {
        settled();
        done(error);
      });
    });
  };
  return () => ({ inFlight, held: held.length - next });
}
