import { startTestAedes, type TestAedes } from '@homeport/testing';
import type { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { sendConnackFirst } from './connack-first';

type WillStore = { delWill(client: unknown): Promise<unknown> };
type Emitter = { on(topic: string, listener: (packet: unknown, done: () => void) => void): void };

describe('sendConnackFirst', () => {
  let aedes: TestAedes;
  let broker: Aedes;
  let url: string;
  const clients: MqttClient[] = [];

  beforeEach(async () => {
    aedes = await startTestAedes();
    ({ broker, url } = aedes);
    sendConnackFirst(broker);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
    await aedes.close();
  });

  /** Stops the resuming CONNECT where aedes stores the will: after its subscriptions are back, before CONNACK. */
  const holdBeforeConnack = () => {
    const persistence = (broker as unknown as { persistence: WillStore }).persistence;
    const delWill = persistence.delWill.bind(persistence);
    const reached = Promise.withResolvers<undefined>();
    const gate = Promise.withResolvers<undefined>();
    persistence.delWill = async (client) => {
      reached.resolve(undefined);
      await gate.promise;
      return delWill(client);
    };
    return {
      reached: reached.promise,
      release: () => {
        gate.resolve(undefined);
      },
    };
  };

  /** A persistent session on `sensors/#` that went away, and its resuming connection stopped before CONNACK. */
  const resumeHeld = async () => {
    const session = { clientId: 'resuming', clean: false, protocolVersion: 4 as const, reconnectPeriod: 0 };
    const first = await mqtt.connectAsync(url, session);
    await first.subscribeAsync('sensors/#', { qos: 1 });
    await first.endAsync();
    const hold = holdBeforeConnack();
    const resumed = mqtt.connect(url, session);
    clients.push(resumed);
    const seen: string[] = [];
    resumed.on('packetreceive', (packet) => {
      seen.push(packet.cmd);
    });
    await hold.reached;
    return { resumed, seen, release: hold.release };
  };

  /** Publishes `sensors/1` and waits until it was routed to the subscriptions; `published` settles later. */
  const publishRouted = async () => {
    const routed = Promise.withResolvers<undefined>();
    (broker as unknown as { mq: Emitter }).mq.on('sensors/1', (_packet, done) => {
      routed.resolve(undefined);
      done();
    });
    const published = new Promise<undefined>((resolve) => {
      broker.publish(
        { cmd: 'publish', topic: 'sensors/1', payload: 'live', qos: 1, retain: false, dup: false },
        () => {
          resolve(undefined);
        },
      );
    });
    await routed.promise;
    // Room for a PUBLISH written ahead of the CONNACK to reach the client (aedes writes it a few ticks later).
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { published };
  };

  it('a persistent session resuming while a message for it is routed gets its CONNACK first, then the message', async () => {
    const { resumed, seen, release } = await resumeHeld();
    const message = new Promise<string>((resolve) => {
      resumed.on('message', (_topic, payload) => {
        resolve(payload.toString());
      });
    });
    await publishRouted();
    release();

    expect(await message).toBe('live');
    expect(seen.slice(0, 2)).toEqual(['connack', 'publish']);
    expect(resumed.connected).toBe(true);
  });

  it('a message held for a connection that closes before its CONNACK does not hold up the broker', async () => {
    const { resumed, release } = await resumeHeld();
    const { published } = await publishRouted();
    await resumed.endAsync(true);
    release();
    await published;
  });
});
