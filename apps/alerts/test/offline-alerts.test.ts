import { sleep, waitFor } from '@homeport/testing';
import { useAlertsFile } from './support/alerts-file';

describe('offline and no-data rules', () => {
  const file = useAlertsFile('alerts_offline');
  const firedFor = () => file.firedFor();
  const resolvedFor = () => file.resolvedFor();

  it('a file.device whose connection was lost fires an offline alert after 2 s, resolved when it reconnects', async () => {
    await file.harness.createRule(file.service.url, file.device, {
      name: 'Unreachable',
      condition: { kind: 'offline', afterSeconds: 2 },
      message: '{file.device} is offline',
    });
    await file.harness.publishPresence(file.device, 'offline');
    const lostAt = Date.now();
    await waitFor(() => firedFor().length === 1, 'offline alert', { timeoutMs: 10_000 });
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(1900);
    expect(firedFor()[0]).toMatchObject({ condition: 'offline', property: null, value: null });
    await file.harness.publishPresence(file.device, 'online');
    await waitFor(() => resolvedFor().length === 1, 'offline alert resolved', { timeoutMs: 10_000 });
    expect(firedFor()).toHaveLength(1);
  }, 30_000);

  it('a file.device back within the offline time fires nothing', async () => {
    await file.harness.createRule(file.service.url, file.device, {
      name: 'Unreachable',
      condition: { kind: 'offline', afterSeconds: 2 },
    });
    await file.harness.publishPresence(file.device, 'offline');
    await sleep(800);
    await file.harness.publishPresence(file.device, 'online');
    await sleep(2500);
    expect(firedFor()).toHaveLength(0);
  }, 30_000);

  it('a file.device silent for 2 s fires a no-data alert once, resolved by its next message', async () => {
    await file.harness.createRule(file.service.url, file.device, {
      name: 'Silent',
      condition: { kind: 'no-data', afterSeconds: 2 },
    });
    await file.harness.publishTelemetry(file.device, { humidity: 40 });
    await waitFor(() => firedFor().length === 1, 'no-data alert', { timeoutMs: 10_000 });
    await sleep(1000);
    expect(firedFor()).toHaveLength(1);
    await file.harness.publishTelemetry(file.device, { humidity: 41 });
    await waitFor(() => resolvedFor().length === 1, 'no-data alert resolved', { timeoutMs: 10_000 });
    await sleep(1000);
    expect(firedFor()).toHaveLength(1);
  }, 30_000);
});
