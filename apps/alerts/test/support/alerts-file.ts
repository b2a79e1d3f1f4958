import type { RunningWorker } from '@homeport/service-runtime';
import { createHarness, type AlertListeners, type Harness, type TestDevice } from './harness';

/** What a test file's hooks set up: filled in by beforeAll (the file) and beforeEach (the device). */
export interface AlertsFile {
  readonly harness: Harness;
  readonly service: RunningWorker;
  readonly alerts: AlertListeners;
  /** A new device for each test. */
  readonly device: TestDevice;
  firedFor(): ReturnType<AlertListeners['firedFor']>;
  resolvedFor(): ReturnType<AlertListeners['resolvedFor']>;
}

/**
 * Registers the hooks of a file whose tests share one in-process alerts service: its servers, the service,
 * listeners of alert.fired and alert.resolved, and a new device before each test.
 */
export function useAlertsFile(purpose: string, settings: Record<string, string> = {}): AlertsFile {
  const file = {} as { -readonly [K in keyof AlertsFile]: AlertsFile[K] };
  file.firedFor = () => file.alerts.firedFor(file.device.deviceId);
  file.resolvedFor = () => file.alerts.resolvedFor(file.device.deviceId);
  beforeAll(async () => {
    file.harness = await createHarness(purpose, settings);
    file.service = await file.harness.startService();
    file.alerts = await file.harness.listenToAlerts();
  }, 60_000);
  afterAll(async () => {
    await file.harness.close();
  });
  beforeEach(async () => {
    file.device = await file.harness.provisionDevice();
  });
  return file;
}
