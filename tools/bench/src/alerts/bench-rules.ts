import { settleConcurrently, type ProvisionedDevice } from '@homeport/simulator';
import { requestJson } from '@homeport/testing';
import { randomUUID } from 'node:crypto';

/** How many rules of each owner: vendor rules cover every device of the product, home rules one device. */
export interface RulePlan {
  readonly home: number;
  readonly vendor: number;
}

/** Devices that share a home: a home's rules are checked against its own devices. */
const devicesPerHome = 10;
/** Vendor (product) rules: each is evaluated for every device, so a few; the rest are home rules. */
const vendorRules = 10;
const concurrency = 16;

/** `total` rules: a few vendor rules, the rest home rules spread evenly over the devices. */
export function planRules(total: number): RulePlan {
  const vendor = Math.min(vendorRules, total);
  return { home: total - vendor, vendor };
}

/** Makes the devices owned, `devicesPerHome` to a home, through broker-api; answers each device's home. */
export async function giveDevicesHomes(
  brokerApi: { readonly url: string; readonly token: string },
  devices: readonly ProvisionedDevice[],
): Promise<Map<string, string>> {
  const homes = Array.from({ length: Math.ceil(devices.length / devicesPerHome) }, () => randomUUID());
  const homeOf = new Map(
    devices.map((device, index) => [device.deviceId, homes[Math.floor(index / devicesPerHome)] ?? '']),
  );
  const outcomes = await settleConcurrently(devices, concurrency, async (device) => {
    const answer = await requestJson(brokerApi.url, 'PATCH', `/devices/${device.deviceId}`, {
      body: { ownerId: homeOf.get(device.deviceId) },
      token: brokerApi.token,
    });
    if (answer.status !== 200) throw new Error(`giving ${device.deviceId} a home answered ${answer.status}`);
  });
  throwFirstFailure(outcomes);
  return homeOf;
}

/**
 * Creates the plan's rules through alerts' internal API (each checked against the product by broker-api, as
 * an owner's would be). Home rule k of a device (state): temperature above 20.5 + k °C (k = 0..9), at once.
 * The simulated thermostats start between 17 and 23 °C and heat to a setpoint of 19 to 22 (20% in auto mode,
 * which also cools), so some cross a threshold on the way up (fired) or down (resolved); the thresholds lie
 * half a degree from the setpoints, outside the thermostat's ±0.25 °C hysteresis, so a device holding its
 * setpoint does not flap across one. Vendor rule v (telemetry): battery below 10 + 5v % (they start at 55 or
 * more): evaluated for every device's telemetry, never fired.
 */
export async function createBenchRules(
  alerts: { readonly url: string; readonly token: string },
  devices: readonly ProvisionedDevice[],
  homeOf: ReadonlyMap<string, string>,
  plan: RulePlan,
  onStatus: (text: string) => void,
): Promise<void> {
  const [first] = devices;
  if (first === undefined) throw new Error('no device to put rules on');
  const bodies: unknown[] = [];
  for (let v = 0; v < plan.vendor; v += 1) {
    bodies.push({
      owner: { kind: 'vendor', vendorId: first.vendorId },
      target: { kind: 'product', vendorId: first.vendorId, productId: first.productId },
      name: `battery ${v}`,
      condition: threshold('telemetry', 'battery', '<', 10 + 5 * v),
      severity: 'info',
      message: '{device}: {property} is {value} %',
    });
  }
  for (let k = 0; k < plan.home; k += 1) {
    const device = devices[k % devices.length] ?? first;
    bodies.push({
      owner: { kind: 'home', homeId: homeOf.get(device.deviceId) },
      target: { kind: 'device', deviceId: device.deviceId },
      name: `warm ${k}`,
      condition: threshold('state', 'temperature', '>', 20.5 + (Math.floor(k / devices.length) % 10)),
      severity: 'warning',
      message: '{device}: {property} is {value} °C',
    });
  }
  let created = 0;
  const outcomes = await settleConcurrently(bodies, concurrency, async (body) => {
    const answer = await requestJson(alerts.url, 'POST', '/rules', { body, token: alerts.token });
    if (answer.status !== 201)
      throw new Error(`creating a rule answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    created += 1;
    if (created % 1000 === 0) onStatus(`alerts: ${created}/${bodies.length} rules created`);
  });
  throwFirstFailure(outcomes);
}

function threshold(source: 'state' | 'telemetry', property: string, operator: '<' | '>', value: number) {
  return { kind: 'threshold', source, property, operator, value };
}

function throwFirstFailure(outcomes: readonly (PromiseSettledResult<unknown> | undefined)[]): void {
  const failure = outcomes.find((outcome) => outcome?.status === 'rejected');
  if (failure?.status === 'rejected') throw failure.reason;
}
