import { randomBytes } from 'node:crypto';
import type { PipelineResources } from '@homeport/testing';
import { buildDeviceIds, createErrorLog, provisionFleet, type ProvisionedDevice } from '@homeport/simulator';
import type { ProcessTarget } from '../process-sampler';
import type { ProcessedProbe } from '../probes/probe';

/** A started system under test: where devices connect, how processing is watched, what to sample. */
export interface BenchTarget {
  readonly mqttUrl: string;
  /** The devices to connect, provisioned where the broker needs it. */
  readonly devices: readonly ProvisionedDevice[];
  readonly probe: ProcessedProbe;
  readonly processes: readonly ProcessTarget[];
  /** What runs, for the result file. */
  readonly setup: Readonly<Record<string, unknown>>;
  /** Devices that could not be provisioned, in words. */
  readonly errors: readonly string[];
  /** The distributed platform's broker-api and shared resources, for a step that adds a service (alerts). */
  readonly platform?: {
    readonly brokerApi: { readonly url: string; readonly token: string };
    readonly resources: PipelineResources;
  };
  /** broker-api's count of device messages received so far (none for Mosquitto). */
  readBrokerReceived?(): Promise<number>;
  /** Stops what was started and deletes its data (databases, prefixes, temp directories). */
  close(): Promise<void>;
}

/** What a mode starts with. */
export interface TargetOptions {
  readonly devices: number;
  /** Extra environment of every Homeport process (e.g. PREFETCH), after the bench's own settings. */
  readonly serviceEnv: Readonly<Record<string, string>>;
  readonly stateWorkers: number;
  readonly fanOutReplicas: number;
  /** 1: fan-out's `single` subscription mode (unless several replicas); more: `partitioned`. */
  readonly fanOutPartitions: number;
  /** Distributed: the services' sources under tsx (as the tests run them) instead of their bundles. */
  readonly runSources: boolean;
  /** Says what is happening while the mode starts (provisioning N/M, ...). */
  readonly onStatus: (text: string) => void;
}

/** A device id prefix of this run: `bench-1a2b3c`. */
export function createDeviceIdPrefix(): string {
  return `bench-${randomBytes(3).toString('hex')}`;
}

/** Ids of `count` devices that need no provisioning (Mosquitto takes any login). */
export function buildUnprovisionedDevices(count: number, vendorId: string): ProvisionedDevice[] {
  return buildDeviceIds(createDeviceIdPrefix(), count).map((deviceId) => ({
    vendorId,
    productId: 'thermostat',
    deviceId,
    secret: 'not-checked',
  }));
}

/** Registers `options.devices` thermostats of a vendor's product through broker-api's HTTP API. */
export async function provisionBenchDevices(
  api: { url: string; token: string; mqttUrl: string },
  ids: { vendorId: string; productId: string },
  options: Pick<TargetOptions, 'devices' | 'onStatus'> & { readonly concurrency?: number },
): Promise<{ devices: ProvisionedDevice[]; errors: string[] }> {
  const errors = createErrorLog();
  let provisioned = 0;
  const devices = await provisionFleet(
    {
      apiUrl: api.url,
      apiToken: api.token,
      mqttUrl: api.mqttUrl,
      ...ids,
      devices: options.devices,
      deviceIdPrefix: createDeviceIdPrefix(),
      concurrency: options.concurrency ?? 20,
    },
    errors,
    () => {
      provisioned += 1;
      if (provisioned % 500 === 0 || provisioned === options.devices) {
        options.onStatus(`provisioning ${provisioned}/${options.devices} devices`);
      }
    },
  );
  return { devices, errors: [...errors.first] };
}
