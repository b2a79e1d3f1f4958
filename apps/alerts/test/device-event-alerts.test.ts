import type { AlertCondition } from '@homeport/contracts';
import { waitFor } from '@homeport/testing';
import { useAlertsFile } from './support/alerts-file';

describe('device-event rules', () => {
  const file = useAlertsFile('alerts_device_events');
  const api = <T>(body: unknown) => file.harness.api<T>(file.service.url, 'POST', '/rules', body);

  const createEventRule = (
    condition: Omit<Extract<AlertCondition, { kind: 'device-event' }>, 'kind' | 'name'>,
  ) =>
    file.harness.createRule(file.service.url, file.device, {
      name: 'Window open',
      condition: { kind: 'device-event', name: 'window_open_detected', ...condition },
      message: '{device}: {value}',
    });

  it('a warning event fires once however often it repeats, and its clear event resolves it', async () => {
    await createEventRule({ minSeverity: 'warning', clearEvent: 'window_closed' });
    await file.harness.publishEvent(file.device, 'window_open_detected', 'info');
    await file.harness.settle();
    expect(file.firedFor()).toEqual([]);
    for (let repeat = 0; repeat < 3; repeat += 1) {
      await file.harness.publishEvent(file.device, 'window_open_detected', 'warning');
    }
    await waitFor(() => file.firedFor().length === 1, 'alert.fired');
    expect(file.firedFor()[0]).toMatchObject({
      condition: 'device-event',
      value: 'window_open_detected',
      property: null,
      message: `${file.device.deviceId}: window_open_detected`,
    });
    await file.harness.publishEvent(file.device, 'window_closed');
    await waitFor(() => file.resolvedFor().length === 1, 'alert.resolved');
    expect(file.resolvedFor()[0]).toMatchObject({ value: 'window_closed' });
    await file.harness.settle();
    expect(file.firedFor()).toHaveLength(1);
  }, 30_000);

  it('without a clear event, it resolves resolveAfterSeconds after it fired', async () => {
    await createEventRule({ resolveAfterSeconds: 2 });
    await file.harness.publishEvent(file.device, 'window_open_detected');
    await waitFor(() => file.firedFor().length === 1, 'alert.fired');
    const firedAt = file.firedFor()[0]?.firedAt ?? 0;
    await waitFor(() => file.resolvedFor().length === 1, 'alert.resolved after 2 s', { timeoutMs: 10_000 });
    expect(file.resolvedFor()[0]?.resolvedAt).toBeGreaterThanOrEqual(firedAt + 2000);
  }, 30_000);

  it('a rule that could never resolve, or with a for duration, is 400 naming the field', async () => {
    const rule = {
      owner: { kind: 'home', homeId: file.device.homeId },
      target: { kind: 'device', deviceId: file.device.deviceId },
      name: 'Fault',
      condition: { kind: 'device-event', name: 'fault' },
      severity: 'warning',
      message: '{device}: {value}',
    };
    const unresolved = await api<{ code: string }>(rule);
    expect([unresolved.status, unresolved.body.code]).toEqual([400, 'RULE_CLEAR_INVALID']);
    const lasting = await api<{ code: string; details: { field: string } }>({
      ...rule,
      condition: { ...rule.condition, resolveAfterSeconds: 60 },
      forSeconds: 10,
    });
    expect([lasting.status, lasting.body.code, lasting.body.details.field]).toEqual([
      400,
      'RULE_FOR_INVALID',
      'forSeconds',
    ]);
  });
});
