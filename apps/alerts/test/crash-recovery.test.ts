import { sleep, startServiceProcess, waitFor, waitForValue, type ServiceProcess } from '@homeport/testing';
import { createHarness, type AlertListeners, type Harness } from './support/harness';

const sweepIntervalMs = 200;

describe('an alerts process killed with SIGKILL while an alert is pending', () => {
  let harness: Harness;
  let alerts: AlertListeners;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    harness = await createHarness('alerts_crash', {
      // The "alerts started" line is how the test knows the process runs.
      LOG_LEVEL: 'info',
      SWEEP_INTERVAL_MS: String(sweepIntervalMs),
    });
    alerts = await harness.listenToAlerts();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(processes.map((process) => process.killHard()));
    await harness.close();
  });

  const start = async (label: string) => {
    const started = await startServiceProcess({ service: 'alerts', label, env: harness.env });
    processes.push(started);
    return started;
  };

  it('after a restart it fires once, within one sweep interval of the original deadline', async () => {
    const first = await start('alerts#1');
    const device = await harness.provisionDevice();
    // Long enough for the restart below to come before the deadline: on a loaded CI machine, killing and
    // starting the process again took 19 s.
    await harness.createRule(first.url, device, { forSeconds: 30 });
    await harness.publishState(device, { temperature: 4 });
    const dueAt = await waitForValue(
      async () =>
        (
          await harness.pool.query<{ due_at: Date }>(
            `SELECT due_at FROM alerts.alerts WHERE device_id = $1 AND status = 'pending'`,
            [device.deviceId],
          )
        ).rows[0]?.due_at,
      'the pending alert',
    );
    await first.killHard();

    const second = await start('alerts#2');
    expect(Date.now()).toBeLessThan(dueAt.getTime());
    // Still cold after the restart: the same reading again must not open a second alert.
    await harness.publishState(device, { temperature: 3.5 });
    const firedFor = () => alerts.firedFor(device.deviceId);
    await waitFor(() => firedFor().length === 1, 'alert.fired after the restart', { timeoutMs: 45_000 });
    const [event] = firedFor();
    expect(event?.firedAt).toBeGreaterThanOrEqual(dueAt.getTime());
    // One sweep interval, plus what a loaded machine adds to a timer.
    expect(event?.firedAt).toBeLessThanOrEqual(dueAt.getTime() + sweepIntervalMs + 300);
    expect(event?.value).toBe(4);
    await sleep(2000);
    expect(firedFor()).toHaveLength(1);
    expect(second.hasExited()).toBe(false);
  }, 90_000);
});
