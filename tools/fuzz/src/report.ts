import { hasFindings, type Findings, type HttpFindingGroup } from './findings';
import type { ModeReport } from './fuzz-mode';
import { isInnocentFleetHealthy, type InnocentCheck } from './innocent-fleet';
import { describeInput, inputFamilies } from './inputs';

const count = (value: number) => value.toLocaleString('en-US');

function formatOutcomes(outcomes: Readonly<Record<string, number>>): string {
  return Object.entries(outcomes)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, times]) => `${outcome} ${count(times)}`)
    .join(', ');
}

function formatGroups(title: string, groups: readonly HttpFindingGroup[]): string[] {
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  return [
    `  ${title}: ${count(total)}`,
    ...groups.map(
      (group) =>
        `    ${group.status === 0 ? 'no answer' : group.status} ${group.method} ${group.route} x${count(group.count)}: ` +
        `e.g. ${describeInput(group.example)} -> ${group.answer.slice(0, 160)}`,
    ),
  ];
}

function formatInnocents(check: InnocentCheck | undefined): string[] {
  if (check === undefined) return ['  innocent devices: not checked'];
  const verdict = isInnocentFleetHealthy(check) ? 'kept working' : 'HURT';
  return [
    `  innocent devices (${verdict}): ${check.connected}/${check.devices} connected, ${count(check.published)} published, ` +
      `${count(check.acknowledged)} acknowledged, ${count(check.lost)} lost, ${check.connectionLosses} connection losses, ` +
      `longest wait for a PUBACK ${(check.longestSilenceMs / 1000).toFixed(0)} s, ` +
      `${check.stateCorrect}/${check.devices} stored states equal to the last reported`,
    ...check.wrong.map((line) => `    ${line.slice(0, 400)}`),
  ];
}

function formatCrashes(findings: Findings): string[] {
  return [
    `  crashes: ${findings.crashes.length}`,
    ...findings.crashes.flatMap((crash) => [
      `    ${crash.process} died (${crash.exitStatus}); the ${crash.windowSize} inputs sent in the 15 s before are in ${crash.windowFile}`,
      `    (npm run fuzz -- --replay ${crash.windowFile} finds the one that kills it); its last log lines:`,
      ...crash.logTail
        .trim()
        .split('\n')
        .slice(-6)
        .map((line) => `      ${line.slice(0, 300)}`),
    ]),
  ];
}

/** The text report of one mode. */
export function formatModeReport(report: ModeReport, seed: number): string {
  const { findings } = report;
  const tried = inputFamilies.reduce((sum, family) => sum + findings.tried[family], 0);
  const verdict =
    hasFindings(findings) || (report.innocents !== undefined && !isInnocentFleetHealthy(report.innocents))
      ? 'FINDINGS'
      : 'no findings';
  return [
    `${report.mode}: ${count(tried)} of ${count(report.asked)} inputs in ${Math.round(report.durationMs / 1000)} s (seed ${seed}): ${verdict}` +
      (report.stoppedEarly === undefined ? '' : `; stopped early: ${report.stoppedEarly}`),
    ...inputFamilies.map(
      (family) =>
        `  ${family.padEnd(15)} ${count(findings.tried[family]).padStart(7)}  ${formatOutcomes(findings.outcomes[family])}`,
    ),
    ...Object.entries(findings.httpOutcomes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([service, outcomes]) => `    ${service}: ${formatOutcomes(outcomes)}`),
    ...formatCrashes(findings),
    ...formatGroups('unexpected 5xx and unanswered requests', findings.unexpected),
    ...formatGroups(
      'explained 503 (a dependency away, said so: an error code or /ready naming it)',
      findings.explained,
    ),
    ...formatGroups('protected routes answering without the token', findings.unauthenticated),
    `  HTTP requests sent again after a reset before any answer (a kept-alive connection's race): ${count(findings.resentAfterReset)}`,
    `  logins of the fuzzer's public-api user again (a fuzzed logout ended its session, or its token expired): ${count(findings.publicApiLogins)}`,
    ...formatInnocents(report.innocents),
  ].join('\n');
}

/** True when a mode found something, or hurt an innocent device: `npm run fuzz` exits with 1. */
export function isBadReport(report: ModeReport): boolean {
  return (
    hasFindings(report.findings) ||
    report.innocents === undefined ||
    !isInnocentFleetHealthy(report.innocents)
  );
}
