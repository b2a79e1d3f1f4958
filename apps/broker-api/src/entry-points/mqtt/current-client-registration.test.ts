import { startTestAedes, type TestAedes } from '@homeport/testing';
import type { Aedes, Client } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { installCurrentClientRegistration } from './current-client-registration';

type RemoveListener = (topic: string, listener: unknown, done?: () => void) => void;
interface Registry {
  readonly clients: Record<string, Client | undefined>;
  readonly connectedClients: number;
  readonly mq: {
    removeListener: RemoveListener;
    emit(packet: { topic: string; payload: Buffer }, done?: () => void): void;
  };
}

describe('installCurrentClientRegistration', () => {
  let aedes: TestAedes;
  let broker: Aedes;
  let registry: Registry;
  const clients: MqttClient[] = [];

  beforeEach(async () => {
    aedes = await startTestAedes();
    broker = aedes.broker;
    registry = broker as unknown as Registry;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
    await aedes.close();
  });

  /** Holds the removal of the next subscription from the emitter: a closing connection's, before it unregisters. */
  const holdSubscriptionRemoval = () => {
    const removeListener = registry.mq.removeListener.bind(registry.mq);
    const reached = Promise.withResolvers<undefined>();
    const gate = Promise.withResolvers<undefined>();
    registry.mq.removeListener = (topic, listener, done) => {
      registry.mq.removeListener = removeListener;
      reached.resolve(undefined);
      void gate.promise.then(() => {
        removeListener(topic, listener, done);
      });
    };
    return {
      reached: reached.promise,
      release: () => {
        gate.resolve(undefined);
      },
    };
  };

  const connect = async (clientId: string) => {
    const client = await mqtt.connectAsync(aedes.url, { clientId, reconnectPeriod: 0 });
    clients.push(client);
    return client;
  };

  /** A device whose connection closed and that connected again before its old connection finished closing. */
  const reconnectWhileClosing = async () => {
    const disconnected: Client[] = [];
    broker.on('clientDisconnect', (client) => disconnected.push(client));
    const old = await connect('device-1');
    await old.subscribeAsync('devices/1/commands', { qos: 1 });
    const hold = holdSubscriptionRemoval();
    old.stream.destroy();
    await hold.reached;
    const registered = new Promise<Client>((resolve) => broker.once('client', resolve));
    const newer = await connect('device-1');
    const newerClient = await registered;
    hold.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { newer, newerClient, disconnected };
  };

  it('in aedes alone, the old connection ending late unregisters the newer one, which then ends without clientDisconnect', async () => {
    const { newer, newerClient, disconnected } = await reconnectWhileClosing();

    expect(registry.clients['device-1']).toBeUndefined();
    expect(newerClient.closed).toBe(false);
    await newer.endAsync();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(disconnected).not.toContain(newerClient);
  });

  it('the newer connection stays registered, and ends with its own clientDisconnect', async () => {
    installCurrentClientRegistration(broker);
    const { newer, newerClient, disconnected } = await reconnectWhileClosing();

    expect(registry.clients['device-1']).toBe(newerClient);
    expect(disconnected).toHaveLength(1);
    expect(disconnected[0]).not.toBe(newerClient);
    expect(registry.connectedClients).toBe(1);

    await newer.endAsync();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(disconnected.at(-1)).toBe(newerClient);
    expect(registry.clients['device-1']).toBeUndefined();
    expect(registry.connectedClients).toBe(0);
  });

  /**
   * A device whose connection is closing here and that connected to another replica meanwhile; `meanwhile`
   * runs before the old connection finishes closing.
   */
  const takenOverWhileClosing = async (meanwhile?: () => Promise<void>) => {
    const disconnected: Client[] = [];
    broker.on('clientDisconnect', (client) => disconnected.push(client));
    const registered = new Promise<Client>((resolve) => broker.once('client', resolve));
    const old = await connect('device-1');
    const oldClient = await registered;
    await old.subscribeAsync('devices/1/commands', { qos: 1 });
    const hold = holdSubscriptionRemoval();
    old.stream.destroy();
    await hold.reached;
    // What another replica's broker announces when the id connects to it.
    await new Promise<void>((resolve) => {
      registry.mq.emit(
        { topic: '$SYS/another-replica/new/clients', payload: Buffer.from('device-1') },
        resolve,
      );
    });
    await meanwhile?.();
    hold.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { oldClient, disconnected };
  };

  it('in aedes alone, a connection closing while another replica takes its id over ends without clientDisconnect', async () => {
    const { disconnected } = await takenOverWhileClosing();

    expect(registry.clients['device-1']).toBeUndefined();
    expect(registry.connectedClients).toBe(0);
    expect(disconnected).toEqual([]);
  });

  it('a connection closing while another replica takes its id over gets one clientDisconnect', async () => {
    installCurrentClientRegistration(broker);
    const { oldClient, disconnected } = await takenOverWhileClosing();

    expect(disconnected).toEqual([oldClient]);
    expect(registry.clients['device-1']).toBeUndefined();
    expect(registry.connectedClients).toBe(0);
  });

  it('one clientDisconnect too when the device is back here before its old connection finished closing', async () => {
    installCurrentClientRegistration(broker);
    let back: { client: MqttClient; registered: Client } | undefined;
    const { oldClient, disconnected } = await takenOverWhileClosing(async () => {
      const registered = new Promise<Client>((resolve) => broker.once('client', resolve));
      const client = await connect('device-1');
      back = { client, registered: await registered };
    });

    expect(disconnected).toEqual([oldClient]);
    expect(registry.clients['device-1']).toBe(back?.registered);
    expect(registry.connectedClients).toBe(1);
    await back?.client.endAsync();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(disconnected).toEqual([oldClient, back?.registered]);
    expect(registry.connectedClients).toBe(0);
  });
});
