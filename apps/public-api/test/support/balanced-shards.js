// jest's own `--shard` sorts the files by a hash of their paths and gives each shard as many files. Here the
// files are few and unequal (one per shared environment: the longest take a minute or two, a unit test a tenth
// of a second): equal counts would have given one shard about half again the other's time (by these files'
// times). This one deals the files out heaviest first, each to the shard with the least so far.
const Sequencer = require('@jest/test-sequencer').default;
const { basename } = require('node:path');

/**
 * Seconds each file took on the shared 2-core machine, the mean of two runs (load 6-16; session 24): only the
 * ratios matter. A file not listed weighs `unlistedSeconds`, as the small ones do; it still runs, in whichever
 * shard is lighter then.
 */
const measuredSeconds = {
  'reported-devices.test.ts': 98,
  'device-events.test.ts': 58,
  'alerts.test.ts': 57,
  'assistants.test.ts': 46,
  'isolation.test.ts': 38,
  'homes.test.ts': 35,
  'rate-limits.test.ts': 35,
  'vendors.test.ts': 32,
  'identity.test.ts': 28,
  'vendor-devices.test.ts': 26,
  'device-isolation.test.ts': 22,
  'geofencing.test.ts': 21,
  'account-deletion.test.ts': 20,
  'service.test.ts': 16,
  'device-history-stores.test.ts': 9,
  'openapi-document.test.ts': 6,
};
const unlistedSeconds = 2;

class BalancedShards extends Sequencer {
  shard(tests, { shardIndex, shardCount }) {
    const weightOf = (test) => measuredSeconds[basename(test.path)] ?? unlistedSeconds;
    const heaviestFirst = [...tests].sort(
      (a, b) => weightOf(b) - weightOf(a) || a.path.localeCompare(b.path),
    );
    const shards = Array.from({ length: shardCount }, () => ({ seconds: 0, tests: [] }));
    for (const test of heaviestFirst) {
      const lightest = shards.reduce((least, shard) => (shard.seconds < least.seconds ? shard : least));
      lightest.tests.push(test);
      lightest.seconds += weightOf(test);
    }
    return shards[shardIndex - 1].tests;
  }
}

module.exports = BalancedShards;
