import { buildDeviceTopic } from '@homeport/contracts';
import {
  connectDevice,
  createErrorLog,
  createRandom,
  createThermostat,
  provisionFleet,
  runPublishLoop,
  seedFromText,
  settleConcurrently,
  type ProvisionedDevice,
  type Publisher,
} from '@homeport/simulator';
import { createUniqueName, waitFor } from '@homeport/testing';
import type { MqttClient } from 'mqtt';
import type { Ledger, MessageKind } from './ledger';

/** Simulated thermostats publishing at QoS 1, every PUBACK written in the ledger. */
export interface DeviceLoad {
  readonly vendorId: string;
  readonly deviceIds: readonly string[];
  /** Publishes at `ratePerSecond` (whole fleet) until the signal aborts. */
  run(ratePerSecond: number, signal: AbortSignal): Promise<void>;
  /** Published and neither acknowledged nor refused yet. */
  outstanding(): number;
  /** Waits until nothing is outstanding (mqtt.js sends again what had no PUBACK after a reconnect). */
  drain(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Where the devices connect, and how the run's phase is read when a message is published. */
export interface DeviceLoadOptions {
  readonly apiUrl: string;
  readonly apiToken: string;
  readonly mqttUrl: string;
  readonly devices: number;
  readonly ledger: Ledger;
  readonly currentPhase: () => number;
}

/**
 * Provisions `devices` thermostats of a vendor of the run's own through broker-api and connects each (the
 * simulator's device code: clean session, mqtt.js reconnecting every 500 ms and sending again every QoS 1
 * publish without a PUBACK).
 */
export async function startDeviceLoad(options: DeviceLoadOptions): Promise<DeviceLoad> {
  const vendorId = createUniqueName('chaos');
  const errors = createErrorLog();
  const devices = await provisionFleet(
    {
      ...{ apiUrl: options.apiUrl, apiToken: options.apiToken, mqttUrl: options.mqttUrl },
      ...{ vendorId, productId: 'thermostat', devices: options.devices, deviceIdPrefix: 'thermostat' },
    },
    errors,
    () => undefined,
  );
  if (devices.length < options.devices) throw new Error(`provisioning failed: ${errors.first.join('; ')}`);
  const connected = await settleConcurrently(devices, 20, (device) =>
    connectDevice(options.mqttUrl, device, { reconnectPeriodMs: 500 }),
  );
  const clients = connected.map((outcome) => {
    if (outcome?.status !== 'fulfilled') {
      const reason: unknown = outcome?.reason;
      throw new Error(
        `a device could not connect: ${reason instanceof Error ? reason.message : 'not tried'}`,
      );
    }
    return outcome.value;
  });
  let outstanding = 0;
  const publishers = devices.map((device, index) =>
    createPublisher(device, clients[index] as MqttClient, options, {
      sent: () => (outstanding += 1),
      settled: () => (outstanding -= 1),
    }),
  );
  return {
    vendorId,
    deviceIds: devices.map((device) => device.deviceId),
    async run(ratePerSecond, signal) {
      await runPublishLoop(publishers, {
        ratePerSecond: ratePerSecond / devices.length,
        durationMs: Infinity,
        signal,
        random: createRandom(seedFromText(vendorId)),
        tickMs: 10,
      });
    },
    outstanding: () => outstanding,
    drain: (timeoutMs) =>
      waitFor(() => outstanding === 0, 'every publish acknowledged or refused', {
        timeoutMs,
        intervalMs: 200,
      }).catch((error: unknown) => {
        throw new Error(`${String(error)}: ${outstanding} without an answer`, { cause: error });
      }),
    close: async () => {
      await Promise.all(clients.map((client) => client.endAsync(true)));
    },
  };
}

/** Reported state and telemetry in turn, as the simulator's devices publish them. */
function createPublisher(
  device: ProvisionedDevice,
  client: MqttClient,
  options: DeviceLoadOptions,
  inFlight: { sent: () => void; settled: () => void },
): Publisher {
  const thermostat = createThermostat({ seed: seedFromText(device.deviceId), startMs: Date.now() });
  const topics = {
    reported: buildDeviceTopic('reported', device),
    telemetry: buildDeviceTopic('telemetry', device),
  };
  // An 'error' without a listener would throw out of mqtt.js; it reconnects by itself.
  client.on('error', () => undefined);
  let kind: MessageKind = 'reported';
  return {
    publishNext() {
      const phase = options.currentPhase();
      const payload =
        kind === 'reported' ? thermostat.nextReported(Date.now()) : thermostat.nextTelemetry(Date.now());
      // The thermostat always stamps seq and ts (optional in the contract only).
      const message = { deviceId: device.deviceId, kind, seq: payload.seq ?? 0, ts: payload.ts ?? 0, phase };
      const state = 'state' in payload ? payload.state : undefined;
      options.ledger.published();
      inFlight.sent();
      client.publish(topics[kind], JSON.stringify(payload), { qos: 1 }, (error) => {
        inFlight.settled();
        // mqtt.js answers a PUBACK with null, not undefined.
        if (error) options.ledger.refused(`${device.deviceId}: ${error.message}`);
        else options.ledger.accepted({ ...message, ...(state === undefined ? {} : { state }) });
      });
      kind = kind === 'reported' ? 'telemetry' : 'reported';
    },
  };
}
