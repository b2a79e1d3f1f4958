import { summarizeCpu, type CpuCost } from './cpu-cost';
import type { LatencySummary } from './latency';
import type { BenchResult, ModeResult, StepResult } from './results';
import { formatCount, formatMs, formatRatio, formatTable } from './table';

const modeTitles = {
  baseline: 'baseline: Mosquitto alone (publish to one subscriber)',
  embedded: 'embedded: Homeport in one process',
  distributed: 'distributed: broker-api, fan-out, state-workers as processes',
};

const rate = (value: number | null) => (value === null ? 'none' : `${formatCount(value)} msg/s`);

/** `≤ 300 ms` for a bucket bound, `> 30,000 ms` past the last bucket. */
function formatMax(latency: LatencySummary): string {
  if (latency.maxMs === null) return '-';
  if (latency.method === 'exact') return formatMs(latency.maxMs);
  return `${latency.maxBeyondBuckets ? '>' : '≤'} ${formatMs(latency.maxMs)}`;
}

function verdictOf(step: StepResult): string {
  if (step.label === 'warm-up') return '(warm-up)';
  if (!step.judged) return step.reasons.length > 0 ? step.reasons.join('; ') : '-';
  return step.sustained ? 'yes' : `no: ${step.reasons.join('; ')}`;
}

function stepTable(mode: ModeResult): string {
  const rows = mode.steps.map((step) => [
    step.label,
    formatCount(step.rate),
    formatCount(step.attempted),
    formatCount(step.published),
    formatCount(step.accepted),
    formatCount(step.processed),
    formatMs(step.latency.p50Ms),
    formatMs(step.latency.p95Ms),
    formatMs(step.latency.p99Ms),
    formatMax(step.latency),
    `${verdictOf(step)}${step.startedDrained ? '' : ' (earlier backlog not drained)'}`,
  ]);
  const header = [
    'step',
    'msg/s',
    'attempted',
    'published',
    'accepted',
    'processed',
    'p50',
    'p95',
    'p99',
    'max',
  ];
  return formatTable([...header, 'sustained'], rows);
}

/** p50 / p99 of each part of the latency per step (Homeport modes), to tell where a p99 comes from. */
function latencyPartsTable(mode: ModeResult): string | undefined {
  const parts = [...new Set(mode.steps.flatMap((step) => Object.keys(step.latencyParts ?? {})))].sort();
  if (parts.length === 0) return undefined;
  const rows = mode.steps.map((step) => [
    step.label,
    formatCount(step.rate),
    ...parts.map((part) => {
      const latency = step.latencyParts?.[part];
      return latency === undefined ? '-' : `${formatMs(latency.p50Ms)} / ${formatMs(latency.p99Ms)}`;
    }),
  ]);
  return formatTable(['step', 'msg/s', ...parts], rows);
}

function processTable(mode: ModeResult): string {
  const measured = mode.idle === null ? mode.steps : [mode.idle, ...mode.steps];
  const names = measured[0]?.processes.map((process) => process.name) ?? [];
  const rows = measured.map((step) => [
    step.label,
    formatCount(step.rate),
    ...names.map((name) => {
      const figures = step.processes.find((process) => process.name === name);
      if (figures === undefined) return '-';
      return `${Math.round(figures.cpuPercent)}% / ${Math.round(figures.peakRssBytes / 1024 / 1024)}`;
    }),
    ...formatCpuCost(summarizeCpu(step.processes, step.rate), step.rate),
  ]);
  return formatTable(['step', 'msg/s', ...names, 'all', 'CPU/msg'], rows);
}

function formatCpuCost(cost: CpuCost, rate: number): string[] {
  const perMessage = rate > 0 ? `${Math.round(cost.microsPerMessage)} µs` : '-';
  return [`${Math.round(cost.totalPercent)}%`, perMessage];
}

function modeSection(mode: ModeResult): string {
  const lines = [
    `${modeTitles[mode.mode]}: ${mode.devicesConnected}/${mode.devicesAsked} devices connected, ` +
      `highest sustained ${rate(mode.highestSustainedRate)}`,
  ];
  if (mode.steps.length > 0 || mode.idle !== null) {
    lines.push(stepTable(mode));
    const parts = latencyPartsTable(mode);
    if (parts !== undefined) {
      lines.push(
        "  Latency p50 / p99 by message type (from the device's ts), after broker-api's receipt, and the stages of a reported message:",
        parts,
      );
    }
    lines.push(
      '  CPU (% of one core, average) / peak RSS (MB) per process; all of them, and their CPU per message offered:',
      processTable(mode),
    );
  }
  if (mode.brokerReceived !== null) {
    const accepted = mode.steps.reduce((sum, step) => sum + step.accepted, 0);
    lines.push(
      `  broker-api received ${formatCount(mode.brokerReceived)} (generator counted ${formatCount(accepted)} PUBACKs)`,
    );
  }
  if (mode.errors.length > 0) lines.push('  errors:', ...mode.errors.map((error) => `  - ${error}`));
  return lines.join('\n');
}

function summary(result: BenchResult): string {
  const ratioOf = (mode: ModeResult) =>
    mode.mode === 'baseline'
      ? '1.00'
      : formatRatio(result.ratiosToBaseline.find((r) => r.mode === mode.mode)?.sustainedRate ?? null);
  const rows = result.modes.map((mode) => {
    const best = mode.steps.find((step) => step.judged && step.rate === mode.highestSustainedRate);
    return [mode.mode, rate(mode.highestSustainedRate), ratioOf(mode), formatMs(best?.latency.p99Ms ?? null)];
  });
  const lines = ['Summary', formatTable(['mode', 'highest sustained', 'x baseline', 'p99 there'], rows)];
  const rates = [...new Set(result.ratiosToBaseline.flatMap((ratios) => Object.keys(ratios.p99ByRate)))];
  if (rates.length > 0) {
    const sorted = rates.map(Number).sort((a, b) => a - b);
    const p99 = (mode: ModeResult, at: number) =>
      mode.steps.find((step) => step.judged && step.rate === at)?.latency.p99Ms ?? null;
    const rateRows = sorted.map((at) => [
      formatCount(at),
      ...result.modes.map((mode) => {
        const ratio = result.ratiosToBaseline.find((r) => r.mode === mode.mode)?.p99ByRate[String(at)];
        return `${formatMs(p99(mode, at))}${ratio === undefined || ratio === null ? '' : ` (x${formatRatio(ratio)})`}`;
      }),
    ]);
    lines.push(
      '',
      'p99 at each rate (x the baseline):',
      formatTable(['msg/s', ...result.modes.map((mode) => mode.mode)], rateRows),
    );
  }
  return lines.join('\n');
}

/** The terminal report: per mode its steps and processes, then the summary with the ratios to the baseline. */
export function formatReport(result: BenchResult, jsonFile: string): string {
  const settings = result.settings;
  return [
    `Homeport bench, ${result.startedAt}: ${String(settings.devices)} devices, QoS 1`,
    `command: ${result.command}`,
    '',
    ...result.modes.flatMap((mode) => [modeSection(mode), '']),
    summary(result),
    '',
    "Latency is publish -> stored and event emitted (baseline: publish -> received), from each message's ts.",
    "Homeport's percentiles are interpolated in state-workers' histogram buckets, its max is a bucket bound (≤);",
    "the baseline's are exact.",
    `JSON: ${jsonFile}`,
  ].join('\n');
}
