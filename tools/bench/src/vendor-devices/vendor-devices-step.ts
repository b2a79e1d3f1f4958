import type { CreatedApiKeyResponse, TokenPairResponse, VendorDevicePage } from '@homeport/contracts';
import { defaultConsumeOptions } from '@homeport/messaging';
import { createPostgresPool, queryRows } from '@homeport/storage';
import { brokerApiToken, createPipeline, requestJson } from '@homeport/testing';
import { summarizeExact, type LatencySummary } from '../latency';
import { seedVendorDevices, seededDeviceId, type SeededFleet } from './seed-vendor-devices';

/** What `--steps vendor-devices` runs: the vendor's fleet, the other vendor's, and timed calls per query. */
export interface VendorDevicesSettings {
  readonly devices: number;
  readonly otherDevices: number;
  readonly calls: number;
  readonly serviceEnv: Readonly<Record<string, string>>;
}

/** One listing query's latencies through public-api, and what its answers held. */
export interface VendorDevicesQueryFigures {
  readonly query: string;
  readonly path: string;
  readonly latency: LatencySummary;
  /** Devices on the (last) page answered. */
  readonly items: number;
}

/** What the step measured, beside issue #20's target. */
export interface VendorDevicesFigures {
  readonly devices: number;
  readonly otherDevices: number;
  readonly seedSeconds: number;
  readonly targetMs: number;
  readonly queries: VendorDevicesQueryFigures[];
}

/** Issue #20: the first page and a search of a 100,000-device table answered in under 300 ms. */
export const vendorDevicesTargetMs = 300;
const pageLimit = 50;
const productId = 'thermostat';

async function call<T>(baseUrl: string, method: string, path: string, body?: unknown, token?: string) {
  const answer = await requestJson<T>(baseUrl, method, path, { body, token });
  if (answer.status >= 300)
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A vendor with its product in broker-api (its admin API, as operators create them). */
async function createVendor(brokerUrl: string, vendorId: string): Promise<void> {
  await call(brokerUrl, 'POST', '/vendors', { id: vendorId, name: vendorId }, brokerApiToken);
  const product = { id: productId, name: 'Thermostat', features: ['temperature'] };
  await call(brokerUrl, 'POST', `/vendors/${vendorId}/products`, product, brokerApiToken);
}

/**
 * A vendor API key of scope devices:read, as a vendor's back end holds one: a person signs up (one scrypt),
 * is made the vendor's admin in public-api's table (as the operators' command does) and creates the key.
 */
async function createVendorKey(apiUrl: string, databaseUrl: string, vendorId: string): Promise<string> {
  const email = `bench-vendor-${Date.now()}@bench.homeport.example`;
  const password = 'bench passphrase, long enough';
  await call(apiUrl, 'POST', '/v1/account/sign-up', { email, password });
  const session = await call<TokenPairResponse>(apiUrl, 'POST', '/v1/sessions', { email, password });
  const pool = createPostgresPool({ url: databaseUrl, max: 1, applicationName: 'bench-vendor-devices' });
  try {
    await queryRows(
      pool,
      `INSERT INTO public_api.vendor_members (vendor_id, user_id, role)
       SELECT $1, id, 'admin' FROM public_api.users WHERE email = $2`,
      [vendorId, email],
    );
  } finally {
    await pool.end();
  }
  const body = { name: 'bench device table', scopes: ['devices:read'] };
  const key = await call<CreatedApiKeyResponse>(
    apiUrl,
    'POST',
    `/v1/vendors/${vendorId}/api-keys`,
    body,
    session.accessToken,
  );
  return key.key;
}

/** The table's queries: first page, a page deep in the list, searches and filters. */
function listingQueries(fleet: SeededFleet): { readonly query: string; readonly params: string }[] {
  const deepAfter = seededDeviceId(fleet.idPrefix, Math.floor(fleet.devices * 0.9));
  const idPrefix = seededDeviceId(fleet.idPrefix, Math.floor(fleet.devices / 2)).slice(0, -2);
  return [
    { query: 'first page', params: '' },
    { query: 'a page deep in the list (cursor at 90%)', params: `after=${deepAfter}` },
    { query: `search by id prefix (${idPrefix}: 100 devices)`, params: `search=${idPrefix}` },
    { query: "search by name ('garage 4')", params: 'search=garage%204' },
    { query: `search matching every device (${fleet.idPrefix})`, params: `search=${fleet.idPrefix}` },
    { query: 'search matching nothing', params: 'search=zz' },
    { query: `claimed (1 in ${fleet.claimedEvery})`, params: 'claimed=true' },
    { query: `online and unclaimed`, params: 'online=true&claimed=false' },
  ];
}

async function measureQuery(
  apiUrl: string,
  key: string,
  path: string,
  calls: number,
): Promise<{ latenciesMs: number[]; items: number }> {
  const read = async () => {
    const startedAt = performance.now();
    const page = await call<VendorDevicePage>(apiUrl, 'GET', path, undefined, key);
    return { ms: performance.now() - startedAt, items: page.items.length };
  };
  // Warm-up: public-api's caches of the key and the caller's vendor, connection pools; not counted.
  await read();
  await read();
  const latenciesMs: number[] = [];
  let items = 0;
  for (let index = 0; index < calls; index += 1) {
    const answer = await read();
    latenciesMs.push(answer.ms);
    items = answer.items;
  }
  return { latenciesMs, items };
}

/**
 * The vendor device table step: broker-api and public-api as processes on this machine's servers, one vendor
 * with `devices` devices and another with `otherDevices` (seeded in broker-api's registry), then each listing
 * query `calls` times in a row through public-api's GET /v1/vendors/{vendorId}/devices with a vendor API key.
 */
export async function runVendorDevicesStep(
  settings: VendorDevicesSettings,
  onStatus: (text: string) => void,
): Promise<VendorDevicesFigures> {
  onStatus('vendor-devices: creating databases, starting broker-api and public-api');
  const pipeline = await createPipeline('bench_vendor_devices', {
    busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
  });
  try {
    const broker = await pipeline.startBrokerApi({ ...settings.serviceEnv });
    const publicApi = await pipeline.startPublicApi(broker.url, { ...settings.serviceEnv });
    const { brokerDatabase, publicApiDatabase } = pipeline.resources;
    const fleet: SeededFleet = {
      vendorId: 'bench-maker',
      productId,
      idPrefix: 'vd',
      devices: settings.devices,
      claimedEvery: 10,
      onlineEvery: 3,
    };
    const other: SeededFleet = {
      ...fleet,
      vendorId: 'bench-other',
      idPrefix: 'vo',
      devices: settings.otherDevices,
    };
    for (const vendor of [fleet, other]) await createVendor(broker.url, vendor.vendorId);
    onStatus(`vendor-devices: seeding ${settings.devices} + ${settings.otherDevices} devices`);
    const seedStartedAt = performance.now();
    await seedVendorDevices(brokerDatabase.url, fleet);
    await seedVendorDevices(brokerDatabase.url, other);
    const seedSeconds = (performance.now() - seedStartedAt) / 1000;
    const key = await createVendorKey(publicApi.url, publicApiDatabase.url, fleet.vendorId);
    const queries: VendorDevicesQueryFigures[] = [];
    for (const { query, params } of listingQueries(fleet)) {
      const path = `/v1/vendors/${fleet.vendorId}/devices?limit=${pageLimit}${params === '' ? '' : `&${params}`}`;
      onStatus(`vendor-devices: ${query}, ${settings.calls} calls`);
      const { latenciesMs, items } = await measureQuery(publicApi.url, key, path, settings.calls);
      queries.push({ query, path, latency: summarizeExact(latenciesMs), items });
    }
    return {
      devices: settings.devices,
      otherDevices: settings.otherDevices,
      seedSeconds,
      targetMs: vendorDevicesTargetMs,
      queries,
    };
  } finally {
    await pipeline.close();
  }
}
