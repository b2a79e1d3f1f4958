import { buildDeviceTopic, buildDeviceTopicFilter, parseDeviceTopic } from '@homeport/contracts';
import type { Aedes, Client, Subscription } from 'aedes';
import type { CommandService } from '../../domain/command-service';
import type { DeviceIdentity } from '../../domain/mqtt-identity';
import type { BackgroundTasks } from './background-tasks';
import type { Connections } from './connections';

/** Dependencies of the pending-command delivery. */
export interface CommandDeliveryDeps {
  readonly connections: Connections;
  readonly commands: CommandService;
  readonly tasks: BackgroundTasks;
}

/** aedes reports a refused filter with qos 128 (SUBACK 0x80). */
const refusedQos = 128;

function isCommandSubscription(subscription: Subscription, device: DeviceIdentity): boolean {
  if ((subscription.qos as number) === refusedQos) return false;
  const topic = subscription.topic;
  return topic === buildDeviceTopicFilter('command', device) || parseDeviceTopic(topic)?.kind === 'command';
}

/**
 * Delivers a device's unacknowledged, unexpired commands at QoS 1 when it subscribes to its commands, and
 * when it reconnects with a persistent session (aedes restores those subscriptions without a SUBSCRIBE).
 */
export function installCommandDelivery(broker: Aedes, deps: CommandDeliveryDeps): void {
  const deliverPending = (client: Client, device: DeviceIdentity) => {
    deps.tasks.run(
      'deliver-pending-commands',
      async () => {
        for (const payload of await deps.commands.listPendingPayloads(device.deviceId)) {
          const topic = buildDeviceTopic('command', { ...device, commandId: payload.commandId });
          const packet = { topic, payload: Buffer.from(JSON.stringify(payload)), qos: 1 as const };
          // aedes requires the callback: it calls it once the packet is written (or the client is gone).
          await new Promise<void>((resolve) => {
            client.publish({ cmd: 'publish', ...packet, retain: false, dup: false }, () => {
              resolve();
            });
          });
        }
      },
      { deviceId: device.deviceId },
    );
  };

  broker.on('subscribe', (subscriptions, client) => {
    const identity = deps.connections.identityOf(client);
    if (identity?.kind !== 'device') return;
    if (subscriptions.some((subscription) => isCommandSubscription(subscription, identity))) {
      deliverPending(client, identity);
    }
  });

  broker.on('clientReady', (client) => {
    const identity = deps.connections.identityOf(client);
    if (identity?.kind === 'device' && !client.clean) deliverPending(client, identity);
  });
}
