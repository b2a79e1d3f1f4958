import type { PhaseFigures } from './accounting';
import { stuckMs, type ChaosOptions, type ChaosResult } from './run-chaos';

const columns = ['accepted', 'stored', 'duplicated', 'lost', 'reports'] as const;
const count = (value: number) => value.toLocaleString('en-US');

/** The figures as the operator reads them: one row per phase, then the totals and what went wrong. */
export function formatReport(result: ChaosResult, options: ChaosOptions, command: string): string {
  const { accounting } = result;
  const recovery = new Map(result.faults.map((fault) => [fault.name, fault]));
  const nameWidth = Math.max(24, ...accounting.phases.map((row) => row.phase.length));
  const row = (figures: PhaseFigures, recoveredIn: string) =>
    `  ${figures.phase.padEnd(nameWidth)}${recoveredIn.padStart(10)}` +
    columns.map((column) => count(figures[column]).padStart(12)).join('');
  const lines = [
    `$ ${command}`,
    `${options.devices} devices, ${options.rate} msg/s (reported state and telemetry in turn, QoS 1), ` +
      `${options.pauseMs / 1000} s of steady load before the first fault and after each`,
    `processes: ${result.processes.join(', ')} (as last started)`,
    '',
    `  ${'phase'.padEnd(nameWidth)}${'recovered'.padStart(10)}` +
      ['telemetry', 'stored', 'duplicated', 'lost', 'reports'].map((title) => title.padStart(12)).join(''),
    ...accounting.phases.map((figures) => {
      const fault = recovery.get(figures.phase);
      return row(figures, fault === undefined ? '' : `${(fault.recoveryMs / 1000).toFixed(1)} s`);
    }),
    row(accounting.total, ''),
    '',
    'telemetry: accepted (PUBACK) messages of the phase in which they were first published; stored: their',
    'points in InfluxDB; duplicated: handled more than once (telemetry-recorded published again), stored once',
    '(same series and time); lost: accepted and not stored. reports: reported-state messages accepted.',
    '',
    `published ${count(result.counts.published)}, accepted ${count(result.counts.accepted)}, ` +
      `refused ${count(result.counts.refused)}${formatList(result.refusals)}`,
    `reported state: ${accounting.reportedDevices - accounting.staleDevices.length} of ` +
      `${accounting.reportedDevices} devices hold their last accepted report in PostgreSQL` +
      (accounting.staleDevices.length > 0
        ? `; stale: ${accounting.staleDevices.slice(0, 10).join(', ')}`
        : ''),
    `dead letters of state-workers' ingest queue: ${accounting.deadLetters}`,
    ...result.faults
      .filter((fault) => fault.effect !== undefined || fault.error !== undefined)
      .map(
        (fault) =>
          `${fault.name}: ${fault.error === undefined ? '' : `FAILED (${fault.error}); `}${fault.effect ?? ''}`,
      ),
    `processes that exited by themselves (started again): ${result.selfExits.length}${formatList(result.selfExits)}`,
    formatTransit(result),
    ...formatLost(result),
    '',
    `LOST: ${count(accounting.total.lost)} telemetry messages, ${accounting.staleDevices.length} stale device states`,
  ];
  return lines.join('\n');
}

function formatList(items: readonly string[]): string {
  return items.length === 0 ? '' : `\n${items.map((item) => `    ${item}`).join('\n')}`;
}

function formatLost(result: ChaosResult): string[] {
  const { lost } = result.accounting;
  if (lost.length === 0) return [];
  const shown = lost.slice(0, 20).map((message) => {
    const where =
      message.deadLetter === undefined ? 'not dead-lettered' : `dead-lettered: ${message.deadLetter}`;
    return `    ${message.deviceId} ts ${message.ts} (${new Date(message.ts).toISOString()}), ${message.phase}, ${where}`;
  });
  return [`lost messages (first ${shown.length} of ${lost.length}):`, ...shown];
}

function formatTransit({ drained }: ChaosResult): string {
  const where =
    drained.inTransit === undefined
      ? 'unknown (a server did not answer)'
      : `${count(drained.inTransit.atBroker)} packets queued at broker-api for fan-out, ` +
        `${count(drained.inTransit.inRabbitMq)} AMQP messages in state-workers' queues`;
  const why = drained.stuck
    ? ` (stuck: nothing moved for ${stuckMs / 1000} s)`
    : drained.settled
      ? ''
      : ' (drain time over: a loss may be late)';
  return `in transit at the end: ${where}${why}`;
}
