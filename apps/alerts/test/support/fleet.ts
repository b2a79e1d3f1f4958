import { brokerApiToken, requestJson } from '@homeport/testing';
import type { Harness, TestDevice } from './harness';

/** Runs `work` over `items`, `concurrency` at a time. */
async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** `count` devices of the harness's product, all in one new home, registered 20 at a time. */
export async function provisionFleet(harness: Harness, count: number): Promise<TestDevice[]> {
  const template = await harness.provisionDevice();
  const ids = Array.from({ length: count - 1 }, (_, index) => `${template.deviceId}-${index}`);
  const registry = (method: string, path: string, body: unknown) =>
    requestJson(harness.brokerApi.url, method, path, { body, token: brokerApiToken });
  await inParallel(ids, 20, async (deviceId) => {
    await registry('POST', '/devices', {
      id: deviceId,
      vendorId: template.vendorId,
      productId: template.productId,
    });
    await registry('PATCH', `/devices/${deviceId}`, { ownerId: template.homeId });
  });
  return [template, ...ids.map((deviceId) => ({ ...template, deviceId }))];
}

/** Publishes a state change of every device, 200 at a time; `temperature` is asked once per device. */
export async function publishToFleet(
  harness: Harness,
  devices: readonly TestDevice[],
  temperature: () => number,
): Promise<void> {
  for (let start = 0; start < devices.length; start += 200) {
    await Promise.all(
      devices
        .slice(start, start + 200)
        .map((device) => harness.publishState(device, { temperature: temperature() })),
    );
  }
}
