/** The parts of a V8 CPU profile (`Profiler.stop`, a .cpuprofile file) the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
}

/** One function's self time: the samples that were in it and not in a function it called. */
export interface SelfTimeEntry {
  /** `writev`, `parse node_modules/mqtt-packet/parser.js:42`, `(garbage collector)`. */
  readonly name: string;
  /** Its share of the busy samples (every sample but `(idle)`), 0..1. */
  readonly share: number;
}

/** Where a process spent its busy time. */
export interface ProfileSummary {
  readonly samples: number;
  /** Samples not `(idle)`: 0..1. Under a starved machine, a lower bound is not implied: compare shares. */
  readonly busyShare: number;
  readonly top: readonly SelfTimeEntry[];
}

/**
 * The `count` functions with the most self time, as shares of the busy samples (each sample counts once:
 * under load the sampler's intervals stretch, so weighting by time would favour what ran before a gap).
 */
export function summarizeCpuProfile(profile: CpuProfile, count: number): ProfileSummary {
  const names = new Map(profile.nodes.map((node) => [node.id, describeFrame(node.callFrame)]));
  const selfSamples = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const name = names.get(id) ?? '(unknown)';
    if (name === '(idle)') continue;
    busy += 1;
    selfSamples.set(name, (selfSamples.get(name) ?? 0) + 1);
  }
  const top = [...selfSamples]
    .sort(([, a], [, b]) => b - a)
    .slice(0, count)
    .map(([name, samples]) => ({ name, share: samples / busy }));
  const total = profile.samples.length;
  return { samples: total, busyShare: total === 0 ? 0 : busy / total, top };
}

function describeFrame(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
  if (frame.url === '') return name;
  const file = frame.url.replace(/^file:\/\//, '').replace(/^.*?\/(node_modules|apps|libs)\//, '$1/');
  return `${name} ${file}:${frame.lineNumber + 1}`;
}

/** The summary as lines of text: `  18.3%  writev`. */
export function formatProfileSummary(label: string, summary: ProfileSummary): string {
  const header = `${label}: ${summary.samples} samples, busy ${percent(summary.busyShare)}; self time, share of busy samples`;
  return [header, ...summary.top.map((entry) => `${percent(entry.share).padStart(7)}  ${entry.name}`)].join(
    '\n',
  );
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
