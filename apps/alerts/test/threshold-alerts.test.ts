import { sleep, waitFor } from '@homeport/testing';
import { useAlertsFile } from './support/alerts-file';

describe('a frost rule (below 5 °C for 3 s, clear above 7 °C) on a thermostat', () => {
  const file = useAlertsFile('alerts_threshold');
  const firedFor = () => file.firedFor();
  const resolvedFor = () => file.resolvedFor();
  // Only a pending alert can fire later (the sweep fires due ones): none open, nothing more can happen.
  const countOpenAlerts = async () =>
    (
      await file.harness.pool.query(
        `SELECT 1 FROM alerts.alerts WHERE device_id = $1 AND status IN ('pending', 'firing')`,
        [file.device.deviceId],
      )
    ).rowCount;
  const readStatuses = async () =>
    (
      await file.harness.pool.query<{ status: string }>(
        'SELECT status FROM alerts.alerts WHERE device_id = $1',
        [file.device.deviceId],
      )
    ).rows.map((row) => row.status);

  beforeEach(async () => {
    await file.harness.createRule(file.service.url, file.device, {
      forSeconds: 3,
      clear: { operator: '>', value: 7 },
    });
  });

  it('4 °C for longer than 3 s fires exactly once; 8 °C resolves it once', async () => {
    const startedAt = Date.now();
    await file.harness.publishState(file.device, { temperature: 4 });
    await sleep(1000);
    await file.harness.publishState(file.device, { temperature: 4.2 });
    await waitFor(() => firedFor().length === 1, 'alert.fired', { timeoutMs: 10_000 });
    const [event] = firedFor();
    expect(event?.firedAt).toBeGreaterThanOrEqual(startedAt + 3000);
    expect(event).toMatchObject({
      severity: 'critical',
      property: 'temperature',
      value: 4,
      homeId: file.device.homeId,
    });
    expect(event?.message).toBe(`${file.device.deviceId}: temperature is 4 °C`);

    await file.harness.publishState(file.device, { temperature: 8 });
    await waitFor(() => resolvedFor().length === 1, 'alert.resolved', { timeoutMs: 10_000 });
    expect(resolvedFor()[0]).toMatchObject({ alertId: event?.alertId, value: 8 });
    await file.harness.settle();
    expect(firedFor()).toHaveLength(1);
    expect(resolvedFor()).toHaveLength(1);
    expect(await countOpenAlerts()).toBe(0);
  }, 30_000);

  it('while firing, readings oscillating between 4.5 and 6.5 °C neither resolve it nor fire again', async () => {
    await file.harness.publishState(file.device, { temperature: 4 });
    await waitFor(() => firedFor().length === 1, 'alert.fired', { timeoutMs: 10_000 });
    for (let round = 0; round < 10; round += 1) {
      await file.harness.publishState(file.device, { temperature: round % 2 === 0 ? 6.5 : 4.5 });
    }
    // Every reading evaluated: still the one alert, firing, and no second one pending that could fire later.
    await file.harness.settle();
    expect(await readStatuses()).toEqual(['firing']);
    expect(firedFor()).toHaveLength(1);
    expect(resolvedFor()).toHaveLength(0);
  }, 30_000);

  it('after it resolved, readings crossing 5 °C faster than 3 s bring no new alert', async () => {
    await file.harness.publishState(file.device, { temperature: 4 });
    await waitFor(() => firedFor().length === 1, 'alert.fired', { timeoutMs: 10_000 });
    await file.harness.publishState(file.device, { temperature: 8 });
    await waitFor(() => resolvedFor().length === 1, 'alert.resolved', { timeoutMs: 10_000 });
    // Cold at 0, 2 and 4 s: 3 s after the first cold reading it is cold again, so a `for` counted from the
    // first one rather than from the latest opening would fire; the last reading is warm.
    for (let round = 0; round < 6; round += 1) {
      await file.harness.publishState(file.device, { temperature: round % 2 === 0 ? 4.5 : 6.5 });
      await sleep(1000);
    }
    await file.harness.settle();
    expect(firedFor()).toHaveLength(1);
    expect(await countOpenAlerts()).toBe(0);
  }, 40_000);

  it('a rule disabled while its alert fires resolves it once, with no reading; a rule deleted while pending fires nothing', async () => {
    const rules = await file.harness.api<{ items: { id: string }[] }>(
      file.service.url,
      'GET',
      `/rules?homeId=${file.device.homeId}`,
    );
    const [pendingRule] = rules.body.items;
    const instantRule = await file.harness.createRule(file.service.url, file.device, {
      name: 'Frost now',
      clear: { operator: '>', value: 7 },
    });
    await file.harness.publishState(file.device, { temperature: 4 });
    await waitFor(() => firedFor().length === 1, 'alert.fired', { timeoutMs: 10_000 });
    expect(firedFor()[0]?.ruleId).toBe(instantRule);

    const disabled = await file.harness.api(file.service.url, 'PATCH', `/rules/${instantRule}`, {
      enabled: false,
    });
    expect(disabled.status).toBe(200);
    await waitFor(() => resolvedFor().length === 1, 'alert.resolved', { timeoutMs: 10_000 });
    expect(resolvedFor()[0]).toMatchObject({
      ruleId: instantRule,
      alertId: firedFor()[0]?.alertId,
      value: null,
    });

    // The frost rule's 3 s are not over: its alert is pending, and deleting the rule deletes it (no row left
    // for the sweep to fire).
    expect(await readStatuses()).toEqual(expect.arrayContaining(['pending', 'resolved']));
    expect(
      (await file.harness.api(file.service.url, 'DELETE', `/rules/${pendingRule?.id ?? ''}`)).status,
    ).toBe(204);
    await file.harness.settle();
    expect(firedFor()).toHaveLength(1);
    expect(resolvedFor()).toHaveLength(1);
    expect(await countOpenAlerts()).toBe(0);
  }, 40_000);

  it('a telemetry metric outside a range fires at once when the rule has no for duration', async () => {
    await file.harness.createRule(file.service.url, file.device, {
      name: 'Humidity',
      condition: { kind: 'outside-range', source: 'telemetry', property: 'humidity', low: 30, high: 60 },
    });
    await file.harness.publishTelemetry(file.device, { humidity: 75 });
    await waitFor(() => firedFor().some((event) => event.property === 'humidity'), 'humidity alert');
    await file.harness.publishTelemetry(file.device, { humidity: 45 });
    await waitFor(() => resolvedFor().some((event) => event.property === 'humidity'), 'humidity resolved');
  }, 30_000);
});
