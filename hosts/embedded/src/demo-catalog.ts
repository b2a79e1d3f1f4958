/** The vendor and product the embedded platform creates at its first start, for the simulator and newcomers. */
export const demoCatalog = {
  vendor: { id: 'demo', name: 'Demo Devices' },
  product: {
    id: 'thermostat',
    name: 'Demo Thermostat',
    features: ['temperature', 'humidity', 'setpoint', 'mode', 'battery'],
  },
} as const;

async function post(url: string, token: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  // 409: created at an earlier start.
  if (!response.ok && response.status !== 409) {
    throw new Error(`POST ${url}: HTTP ${response.status} ${await response.text()}`);
  }
}

/** Creates the demo vendor and product through broker-api's HTTP API unless they exist. */
export async function ensureDemoCatalog(brokerApiUrl: string, token: string): Promise<void> {
  const { vendor, product } = demoCatalog;
  await post(`${brokerApiUrl}/vendors`, token, vendor);
  await post(`${brokerApiUrl}/vendors/${vendor.id}/products`, token, product);
}
