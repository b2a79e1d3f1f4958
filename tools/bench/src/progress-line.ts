import type { ModeStatus } from './run-mode';
import { formatCount } from './table';

/** The live line: mode, step, target rate, per-second figures of the last second, backlog, p99 so far. */
export function formatStatusLine(status: ModeStatus): string {
  if (status.kind === 'setup') return `${status.mode.padEnd(11)} | ${status.text}`;
  const head = [
    status.mode.padEnd(11),
    status.label.padEnd(7),
    `${formatCount(status.rate)} msg/s`,
    `${status.phase} ${(status.elapsedMs / 1000).toFixed(0)} s`,
  ];
  const second = status.second;
  if (second === undefined) return head.join(' | ');
  return [
    ...head,
    `published ${formatCount(second.published)}/s`,
    `accepted ${formatCount(second.accepted)}/s`,
    `processed ${formatCount(second.processed)}/s`,
    `backlog ${formatCount(second.backlog)}`,
    `p99 so far ${second.p99SoFarMs === null ? '-' : `${formatCount(second.p99SoFarMs)} ms`}`,
  ].join(' | ');
}
