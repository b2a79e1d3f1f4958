import { account, type Observations } from './accounting';
import type { AcceptedMessage } from './ledger';

const telemetry = (deviceId: string, ts: number, phase: number): AcceptedMessage => ({
  deviceId,
  kind: 'telemetry',
  seq: ts,
  ts,
  phase,
});
const report = (deviceId: string, seq: number, state: Record<string, unknown>): AcceptedMessage => ({
  deviceId,
  kind: 'reported',
  seq,
  ts: seq,
  phase: 0,
  state,
});

function observe(overrides: Partial<Observations>): Observations {
  return {
    phases: ['steady', 'kill -9 fan-out#1'],
    telemetry: [telemetry('a', 1, 0), telemetry('a', 3, 1), telemetry('b', 2, 1)],
    reportsPerPhase: new Map([[0, 2]]),
    lastReports: new Map([['a', report('a', 4, { temperature: 20.5, mode: 'heat' })]]),
    storedPoints: new Map([
      ['a', new Set([1, 3])],
      ['b', new Set([2])],
    ]),
    telemetryEvents: new Map([
      ['a@1', 1],
      ['a@3', 1],
      ['b@2', 1],
    ]),
    storedStates: new Map([['a', { seq: 4, state: { temperature: 20.5, mode: 'heat', humidity: 40 } }]]),
    deadLetters: [],
    ...overrides,
  };
}

describe('the accounting of a chaos run', () => {
  it('when every accepted point is stored, each phase counts its messages as stored and none lost', () => {
    const accounting = account(observe({}));
    expect(accounting.phases).toEqual([
      { phase: 'steady', accepted: 1, stored: 1, duplicated: 0, lost: 0, reports: 2 },
      { phase: 'kill -9 fan-out#1', accepted: 2, stored: 2, duplicated: 0, lost: 0, reports: 0 },
    ]);
    expect(accounting.total).toMatchObject({ accepted: 3, stored: 3, lost: 0 });
    expect(accounting.staleDevices).toEqual([]);
  });

  it('a point missing from InfluxDB is lost in the phase it was published in, with its dead letter', () => {
    const accounting = account(
      observe({
        storedPoints: new Map([['a', new Set([1, 3])]]),
        deadLetters: [{ deviceId: 'b', ts: 2, reason: 'failed after 4 attempts: INFLUX_UNAVAILABLE' }],
      }),
    );
    expect(accounting.phases[1]).toMatchObject({ accepted: 2, stored: 1, lost: 1 });
    expect(accounting.lost).toEqual([
      {
        deviceId: 'b',
        ts: 2,
        phase: 'kill -9 fan-out#1',
        deadLetter: 'failed after 4 attempts: INFLUX_UNAVAILABLE',
      },
    ]);
  });

  it('a point handled twice is counted duplicated and stored, not lost', () => {
    const accounting = account(observe({ telemetryEvents: new Map([['a@3', 2]]) }));
    expect(accounting.total).toMatchObject({ stored: 3, duplicated: 1, lost: 0 });
  });

  it('a device whose stored state is older than its last accepted report is stale', () => {
    const older = { seq: 3, state: { temperature: 20.5, mode: 'heat' } };
    expect(account(observe({ storedStates: new Map([['a', older]]) })).staleDevices).toEqual(['a']);
  });

  it('a device whose stored state differs from its last accepted report is stale', () => {
    const different = { seq: 4, state: { temperature: 19, mode: 'heat' } };
    expect(account(observe({ storedStates: new Map([['a', different]]) })).staleDevices).toEqual(['a']);
  });
});
