import { formatProfileSummary, summarizeCpuProfile, type CpuProfile } from './profile-summary';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

// root -> (idle); root -> parse -> writev; root -> (garbage collector)
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 5] },
    { id: 2, callFrame: frame('(idle)') },
    {
      id: 3,
      callFrame: frame('parse', 'file:///work/main/node_modules/mqtt-packet/parser.js', 41),
      children: [4],
    },
    { id: 4, callFrame: frame('writev') },
    { id: 5, callFrame: frame('(garbage collector)') },
  ],
  samples: [2, 2, 2, 2, 3, 4, 4, 4, 5, 2],
};

describe('the summary of a CPU profile', () => {
  it('ranks functions by their own samples, as shares of the samples that were not idle', () => {
    const summary = summarizeCpuProfile(profile, 10);
    expect(summary).toEqual({
      samples: 10,
      busyShare: 0.5,
      top: [
        { name: 'writev', share: 0.6 },
        { name: 'parse node_modules/mqtt-packet/parser.js:42', share: 0.2 },
        { name: '(garbage collector)', share: 0.2 },
      ],
    });
  });

  it('keeps only the requested number of entries', () => {
    expect(summarizeCpuProfile(profile, 1).top).toEqual([{ name: 'writev', share: 0.6 }]);
  });

  it('an idle-only profile has no entries and a busy share of 0', () => {
    expect(summarizeCpuProfile({ ...profile, samples: [2, 2] }, 5)).toEqual({
      samples: 2,
      busyShare: 0,
      top: [],
    });
  });

  it('is written as a header and one line per entry', () => {
    expect(formatProfileSummary('fixed, broker-api#1', summarizeCpuProfile(profile, 2)).split('\n')).toEqual([
      'fixed, broker-api#1: 10 samples, busy 50.0%; self time, share of busy samples',
      '  60.0%  writev',
      '  20.0%  parse node_modules/mqtt-packet/parser.js:42',
    ]);
  });
});
