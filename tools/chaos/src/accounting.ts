import { isDeepStrictEqual } from 'node:util';
import type { AcceptedMessage } from './ledger';

/** A device's row in state-workers' `device_state`: its state and the seq of its newest merged report. */
export interface StoredState {
  readonly state: Readonly<Record<string, unknown>>;
  readonly seq: number;
}

/** A message state-workers dead-lettered, read back from the ingest queue's dead-letter queue. */
export interface DeadLetteredMessage {
  readonly deviceId: string;
  readonly ts: number | undefined;
  readonly reason: string;
}

/** What the run observed at the end: the ledger's side and the stores' side. */
export interface Observations {
  readonly phases: readonly string[];
  readonly telemetry: readonly AcceptedMessage[];
  readonly reportsPerPhase: ReadonlyMap<number, number>;
  readonly lastReports: ReadonlyMap<string, AcceptedMessage>;
  /** Point times (the devices' `ts`) in InfluxDB per device id. */
  readonly storedPoints: ReadonlyMap<string, ReadonlySet<number>>;
  /** telemetry-recorded events per `deviceId@ts`: more than one means the message was handled again. */
  readonly telemetryEvents: ReadonlyMap<string, number>;
  readonly storedStates: ReadonlyMap<string, StoredState>;
  readonly deadLetters: readonly DeadLetteredMessage[];
}

/** The figures of one phase (or of the whole run). */
export interface PhaseFigures {
  readonly phase: string;
  /** Telemetry messages PUBACKed. */
  readonly accepted: number;
  /** Of those, points in InfluxDB. */
  readonly stored: number;
  /** Of those, handled more than once (extra telemetry-recorded events); stored once (same point). */
  readonly duplicated: number;
  /** Accepted and not in InfluxDB. */
  readonly lost: number;
  /** Reported-state messages PUBACKed. */
  readonly reports: number;
}

/** One accepted message that is missing, with where it went when known. */
export interface LostMessage {
  readonly deviceId: string;
  readonly ts: number;
  readonly phase: string;
  readonly deadLetter?: string;
}

/** The run's accounting. */
export interface Accounting {
  readonly phases: readonly PhaseFigures[];
  readonly total: PhaseFigures;
  /** Devices that had a report accepted, and those whose stored state is not their last accepted report. */
  readonly reportedDevices: number;
  readonly staleDevices: readonly string[];
  readonly lost: readonly LostMessage[];
  readonly deadLetters: number;
}

/** Sets what was accepted against what was stored. */
export function account(observed: Observations): Accounting {
  const figures = observed.phases.map((phase, index) => ({
    phase,
    ...{ accepted: 0, stored: 0, duplicated: 0, lost: 0 },
    reports: observed.reportsPerPhase.get(index) ?? 0,
  }));
  const deadLetterOf = new Map(
    observed.deadLetters.map((letter) => [`${letter.deviceId}@${String(letter.ts)}`, letter.reason]),
  );
  const lost: LostMessage[] = [];
  for (const message of observed.telemetry) {
    const row = figures[message.phase];
    if (row === undefined) throw new Error(`message of an unknown phase ${message.phase}`);
    const key = `${message.deviceId}@${message.ts}`;
    row.accepted += 1;
    if (observed.storedPoints.get(message.deviceId)?.has(message.ts) === true) row.stored += 1;
    else {
      row.lost += 1;
      const deadLetter = deadLetterOf.get(key);
      lost.push({ deviceId: message.deviceId, ts: message.ts, phase: row.phase, ...{ deadLetter } });
    }
    if ((observed.telemetryEvents.get(key) ?? 0) > 1) row.duplicated += 1;
  }
  const staleDevices = [...observed.lastReports.values()]
    .filter((report) => !holdsReport(observed.storedStates.get(report.deviceId), report))
    .map((report) => report.deviceId);
  return {
    phases: figures,
    total: sumFigures(figures),
    reportedDevices: observed.lastReports.size,
    staleDevices,
    lost,
    deadLetters: observed.deadLetters.length,
  };
}

/** True when the stored state is the report's: set by its seq, every property of it equal. */
function holdsReport(stored: StoredState | undefined, report: AcceptedMessage): boolean {
  if (stored === undefined || stored.seq !== report.seq) return false;
  return Object.entries(report.state ?? {}).every(([key, value]) =>
    isDeepStrictEqual(stored.state[key], value),
  );
}

function sumFigures(rows: readonly PhaseFigures[]): PhaseFigures {
  const sum = (pick: (row: PhaseFigures) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return {
    phase: 'total',
    accepted: sum((row) => row.accepted),
    stored: sum((row) => row.stored),
    duplicated: sum((row) => row.duplicated),
    lost: sum((row) => row.lost),
    reports: sum((row) => row.reports),
  };
}
