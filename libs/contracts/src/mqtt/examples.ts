import type {
  CommandAckPayload,
  CommandPayload,
  DesiredStatePayload,
  DeviceEventPayload,
  PresencePayload,
  ReportedStatePayload,
  StateDeltaPayload,
  StateRequestPayload,
  TelemetryPayload,
} from './payloads';

/** A thermostat's realistic payloads, one per topic kind; tested to validate and reused as fixtures. */
export const deviceExamples = {
  reported: {
    seq: 1842,
    ts: 1763719200000,
    state: { temperature: 20.6, setpoint: 21, mode: 'heat', humidity: 41, battery: 87 },
  } satisfies ReportedStatePayload,
  telemetry: {
    seq: 1843,
    ts: 1763719205000,
    metrics: { temperature: 20.64, humidity: 41.2, battery: 87, heating: true },
  } satisfies TelemetryPayload,
  event: {
    seq: 1844,
    ts: 1763719210000,
    event: 'window_open_detected',
    severity: 'warning',
    data: { temperatureDropCelsius: 2.1 },
  } satisfies DeviceEventPayload,
  stateRequest: {} satisfies StateRequestPayload,
  desired: {
    version: 7,
    state: { setpoint: 19.5, mode: 'eco' },
    updatedAt: 1763719260000,
  } satisfies DesiredStatePayload,
  delta: { version: 7, state: { setpoint: 19.5, mode: 'eco' } } satisfies StateDeltaPayload,
  command: {
    commandId: 'cmd-01JD2X9Q4',
    name: 'reboot',
    params: { delaySeconds: 5 },
    expiresAt: 1763719560000,
  } satisfies CommandPayload,
  commandAck: { status: 'done', result: { rebootedAt: 1763719270000 } } satisfies CommandAckPayload,
  presence: { status: 'online', at: 1763719200000 } satisfies PresencePayload,
};
