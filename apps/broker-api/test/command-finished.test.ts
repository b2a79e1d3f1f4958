import {
  buildDeviceTopic,
  buildDeviceTopicFilter,
  deviceCommandFinishedV1,
  type CommandAckPayload,
  type CommandResponse,
  type MessagePayload,
  type RequestSource,
} from '@homeport/contracts';
import { listenForEvents, type EventListener, type HeardMessage } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import { createTestEnvironment, type TestEnvironment, type TestInstance } from './support/environment';
import { readMetric } from './support/metrics';
import { connectDevice, eventually, recordMessages } from './support/mqtt-clients';
import { provisionDevice, type TestDevice } from './support/provisioning';

type FinishedEvent = MessagePayload<typeof deviceCommandFinishedV1>;
type Listener = EventListener<typeof deviceCommandFinishedV1>;

/** The events heard for one command. */
const heardFor = (listener: Listener, commandId: string): HeardMessage<FinishedEvent>[] =>
  listener.heard.filter((heard) => heard.payload.commandId === commandId);

/** Resolves with the events heard for each command once every one has at least one. */
const waitForEnds = (listener: Listener, commandIds: string[], timeoutMs = 10_000) =>
  eventually(
    () => Promise.resolve(commandIds.map((commandId) => heardFor(listener, commandId))),
    (heard) => heard.every((events) => events.length > 0),
    timeoutMs,
  );

const sendCommand = async (
  instance: TestInstance,
  device: TestDevice,
  name: string,
  ttlSeconds: number,
  source?: RequestSource,
) => {
  const answer = await instance.api<CommandResponse>('POST', `/devices/${device.deviceId}/commands`, {
    name,
    params: {},
    ttlSeconds,
    ...(source !== undefined && { source }),
  });
  expect(answer.status).toBe(201);
  return answer.body;
};

describe('device.command-finished: published once when a command ends', () => {
  let environment: TestEnvironment;
  let instance: TestInstance;
  let listener: Listener;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_cmd_finished');
    instance = await environment.startInstance({ COMMAND_FINISHED_SWEEP_MS: '200' });
    listener = await listenForEvents(environment.amqpPrefix, deviceCommandFinishedV1);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
  });
  afterAll(async () => {
    await listener.close();
    await environment.close();
  });

  /** A connected device subscribed to its commands, and a way to acknowledge them. */
  const connectForCommands = async (device: TestDevice) => {
    const client = await connectDevice(instance.mqttUrl, device);
    clients.push(client);
    const received = recordMessages(client);
    await client.subscribeAsync(buildDeviceTopicFilter('command', device), { qos: 1 });
    const acknowledge = (commandId: string, ack: CommandAckPayload) =>
      client.publishAsync(buildDeviceTopic('commandAck', { ...device, commandId }), JSON.stringify(ack), {
        qos: 1,
      });
    return { received, acknowledge };
  };
  const readStatus = async (device: TestDevice, commandId: string) =>
    (await instance.api<CommandResponse>('GET', `/devices/${device.deviceId}/commands/${commandId}`)).body
      .status;
  const readEndedAcks = () =>
    readMetric(instance, 'mqtt_invalid_device_messages_total', {
      kind: 'commandAck',
      problem: 'command_ended',
    });
  /**
   * Ends one more command and waits for its event: rounds run one after another, so by then any second
   * event of the commands that ended before would have been published.
   */
  const endMarkerCommand = async () => {
    const device = await provisionDevice(instance);
    const { received, acknowledge } = await connectForCommands(device);
    const marker = await sendCommand(instance, device, 'marker', 60);
    await received.waitFor((message) => message.topic.endsWith(marker.id));
    await acknowledge(marker.id, { status: 'done' });
    await waitForEnds(listener, [marker.id]);
  };
  const readPublishedAt = async (commandId: string) => {
    const { rows } = await environment.pool.query<{ finished_published_at: Date | null }>(
      'SELECT finished_published_at FROM broker_api.commands WHERE id = $1',
      [commandId],
    );
    return rows[0]?.finished_published_at;
  };

  it('a command acknowledged done publishes one event with its fields and a stable message id', async () => {
    const device = await provisionDevice(instance);
    const { received, acknowledge } = await connectForCommands(device);
    const command = await sendCommand(instance, device, 'reboot', 60);
    await received.waitFor((message) => message.topic.endsWith(command.id));
    const before = Date.now();
    await acknowledge(command.id, { status: 'done', result: { rebooted: true } });

    const [heard] = await waitForEnds(listener, [command.id]);
    await endMarkerCommand();
    expect(heardFor(listener, command.id)).toEqual(heard);
    expect(heard).toEqual([
      {
        messageId: `command-finished/${command.id}`,
        payload: {
          vendorId: device.vendorId,
          deviceId: device.deviceId,
          commandId: command.id,
          name: 'reboot',
          status: 'done',
          finishedAt: expect.any(Number) as number,
        },
      },
    ]);
    expect(heard?.[0]?.payload.finishedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(await readPublishedAt(command.id)).toBeInstanceOf(Date);
  });

  it('a command sent on behalf of a vendor carries who asked in its event; an unknown source is 400', async () => {
    const device = await provisionDevice(instance);
    const { received, acknowledge } = await connectForCommands(device);
    const command = await sendCommand(instance, device, 'identify', 60, 'vendor');
    await received.waitFor((message) => message.topic.endsWith(command.id));
    await acknowledge(command.id, { status: 'done' });
    const [heard] = await waitForEnds(listener, [command.id]);
    expect(heard?.[0]?.payload).toMatchObject({ name: 'identify', status: 'done', source: 'vendor' });
    const refused = await instance.api('POST', `/devices/${device.deviceId}/commands`, {
      name: 'identify',
      ttlSeconds: 60,
      source: 'operator',
    });
    expect(refused.status).toBe(400);
  });

  it('accepted is not an end: accepted then done publishes one event, done', async () => {
    const device = await provisionDevice(instance);
    const { received, acknowledge } = await connectForCommands(device);
    const command = await sendCommand(instance, device, 'calibrate', 60);
    await received.waitFor((message) => message.topic.endsWith(command.id));
    await acknowledge(command.id, { status: 'accepted' });
    await eventually(
      () => readStatus(device, command.id),
      (status) => status === 'accepted',
    );
    await acknowledge(command.id, { status: 'done' });

    await waitForEnds(listener, [command.id]);
    await endMarkerCommand();
    expect(heardFor(listener, command.id).map((heard) => heard.payload.status)).toEqual(['done']);
  });

  it('an ack sent twice, or a different outcome after the first, still gives one event and keeps the first outcome', async () => {
    const device = await provisionDevice(instance);
    const { received, acknowledge } = await connectForCommands(device);
    const command = await sendCommand(instance, device, 'reboot', 60);
    await received.waitFor((message) => message.topic.endsWith(command.id));
    const endedBefore = await readEndedAcks();
    await acknowledge(command.id, { status: 'failed', error: 'busy' });
    await acknowledge(command.id, { status: 'failed', error: 'busy' });
    await acknowledge(command.id, { status: 'done' });
    await eventually(readEndedAcks, (ended) => ended === endedBefore + 2);

    await waitForEnds(listener, [command.id]);
    await endMarkerCommand();
    const heard = heardFor(listener, command.id);
    expect(heard.map((one) => [one.messageId, one.payload.status])).toEqual([
      [`command-finished/${command.id}`, 'failed'],
    ]);
    expect(await readStatus(device, command.id)).toBe('failed');
  });

  it('a command that expires unacknowledged, or only accepted, publishes one expired event; a late ack changes nothing', async () => {
    const device = await provisionDevice(instance);
    const { received, acknowledge } = await connectForCommands(device);
    const silent = await sendCommand(instance, device, 'blink', 1);
    const accepted = await sendCommand(instance, device, 'update', 1);
    await received.waitFor((message) => message.topic.endsWith(accepted.id));
    await acknowledge(accepted.id, { status: 'accepted' });

    const [silentHeard, acceptedHeard] = await waitForEnds(listener, [silent.id, accepted.id]);
    expect(silentHeard?.[0]?.payload).toEqual({
      vendorId: device.vendorId,
      deviceId: device.deviceId,
      commandId: silent.id,
      name: 'blink',
      status: 'expired',
      finishedAt: Date.parse(silent.expiresAt),
    });
    expect(acceptedHeard?.[0]?.payload).toMatchObject({ status: 'expired' });

    const endedBefore = await readEndedAcks();
    await acknowledge(silent.id, { status: 'done' });
    await eventually(readEndedAcks, (ended) => ended === endedBefore + 1);
    await endMarkerCommand();
    expect(heardFor(listener, silent.id)).toHaveLength(1);
    expect(heardFor(listener, accepted.id)).toHaveLength(1);
    expect(await readStatus(device, silent.id)).toBe('expired');
    expect(await readStatus(device, accepted.id)).toBe('expired');
  });

  it('an end recorded but never published (the replica died first) is published by the sweep', async () => {
    const device = await provisionDevice(instance);
    const acked = await sendCommand(instance, device, 'reboot', 60);
    const claimedByTheDead = await sendCommand(instance, device, 'blink', 1);
    // What a replica leaves behind when it dies between the ack's commit and the publish, and during the
    // publish of a claimed expiry (its lease has run out since).
    await environment.pool.query(
      `UPDATE broker_api.commands SET ack = '{"status":"rejected"}', acked_at = now() WHERE id = $1`,
      [acked.id],
    );
    await environment.pool.query(
      `UPDATE broker_api.commands SET expires_at = now() - interval '1 minute',
        finish_claimed_until = now() - interval '1 second' WHERE id = $1`,
      [claimedByTheDead.id],
    );

    const [ackedHeard, claimedHeard] = await waitForEnds(listener, [acked.id, claimedByTheDead.id]);
    expect(ackedHeard?.map((heard) => heard.payload.status)).toEqual(['rejected']);
    expect(claimedHeard?.map((heard) => heard.payload.status)).toEqual(['expired']);
  });

  it('commands of a deleted device publish nothing', async () => {
    const deleted = await provisionDevice(instance);
    const orphan = await sendCommand(instance, deleted, 'blink', 1);
    expect((await instance.api('DELETE', `/devices/${deleted.deviceId}`)).status).toBe(204);
    const kept = await provisionDevice(instance);
    const later = await sendCommand(instance, kept, 'blink', 1);

    await waitForEnds(listener, [later.id]);
    await endMarkerCommand();
    expect(heardFor(listener, orphan.id)).toEqual([]);
  });
});

describe('device.command-finished with two replicas sweeping', () => {
  let environment: TestEnvironment;
  let replicas: TestInstance[];
  let listener: Listener;

  beforeAll(async () => {
    environment = await createTestEnvironment('broker_cmd_finished_pair');
    // Small batches and short intervals: the replicas' rounds overlap on the same rows.
    const settings = { COMMAND_FINISHED_SWEEP_MS: '100', COMMAND_FINISHED_SWEEP_BATCH: '3' };
    replicas = await Promise.all([environment.startInstance(settings), environment.startInstance(settings)]);
    listener = await listenForEvents(environment.amqpPrefix, deviceCommandFinishedV1);
  });
  afterAll(async () => {
    await listener.close();
    await environment.close();
  });

  it('each expired command is published once, by one of them', async () => {
    const [replicaA, replicaB] = replicas as [TestInstance, TestInstance];
    const device = await provisionDevice(replicaA);
    const commands = [];
    for (let index = 0; index < 30; index += 1) {
      commands.push(await sendCommand(index % 2 === 0 ? replicaA : replicaB, device, 'blink', 60));
    }
    const ids = commands.map((command) => command.id);
    // All at the same instant, so that both replicas' rounds find them.
    await environment.pool.query('UPDATE broker_api.commands SET expires_at = now() WHERE id = ANY($1)', [
      ids,
    ]);

    await waitForEnds(listener, ids, 15_000);
    const marker = await sendCommand(replicaA, device, 'marker', 1);
    await waitForEnds(listener, [marker.id]);
    const heard = ids.flatMap((commandId) => heardFor(listener, commandId));
    expect(heard.map((one) => one.messageId).sort()).toEqual(
      ids.map((commandId) => `command-finished/${commandId}`).sort(),
    );
    expect(heard.every((one) => one.payload.status === 'expired')).toBe(true);
    // A round counts what it published after marking it, so the count may trail the events heard.
    const readPublished = async () =>
      (
        await Promise.all(
          replicas.map((replica) => readMetric(replica, 'broker_command_finished_published_total')),
        )
      ).reduce((sum, count) => sum + count, 0);
    expect(await eventually(readPublished, (count) => count >= ids.length + 1)).toBe(ids.length + 1);
  });
});
