import { deviceReportedV1 } from '@homeport/contracts';
import { buildReportedStatePoint } from './record-state-history';

const report = (state: Record<string, unknown>, ts?: number) => {
  const { ts: _exampleTs, ...payload } = deviceReportedV1.example.payload;
  return {
    ...deviceReportedV1.example,
    payload: ts === undefined ? { ...payload, state } : { ...payload, state, ts },
  };
};

describe('the reported-state history', () => {
  it('a report becomes one device_state point of its numbers and booleans, tagged like telemetry, at its time', () => {
    const message = report({ setpoint: 21.5, heating: true, mode: 'heat' }, Date.UTC(2026, 11, 1));

    expect(buildReportedStatePoint(message)).toEqual({
      measurement: 'device_state',
      tags: { vendor_id: message.vendorId, device_id: message.deviceId },
      fields: { setpoint: 21.5, heating: 1 },
      timeMs: Date.UTC(2026, 11, 1),
    });
  });

  it('a report without a ts is recorded at the time fan-out received it', () => {
    const message = report({ setpoint: 20 });

    expect(buildReportedStatePoint(message)?.timeMs).toBe(message.receivedAt);
  });
});
