// jest's own `--shard` sorts the files by a hash of their paths and gives each shard as many files. Here the
// files are few and unequal (one per shared environment: the pipeline's take two minutes, a unit test a tenth
// of a second), so equal counts left one shard twice as long as the other. This one deals the files out
// heaviest first, each to the shard with the least so far.
const Sequencer = require('@jest/test-sequencer').default;
const { basename } = require('node:path');

/**
 * Seconds each file took on the shared 2-core machine (load about 10; session 24): only the ratios matter. A
 * file not listed weighs `unlistedSeconds`, as the small ones do; it still runs, in whichever shard is lighter.
 */
const measuredSeconds = {
  'reported-devices.test.ts': 129,
  'alerts.test.ts': 78,
  'device-events.test.ts': 78,
  'assistants.test.ts': 57,
  'isolation.test.ts': 49,
  'rate-limits.test.ts': 45,
  'homes.test.ts': 37,
  'geofencing.test.ts': 31,
  'vendor-devices.test.ts': 30,
  'device-isolation.test.ts': 28,
  'identity.test.ts': 26,
  'service.test.ts': 23,
  'vendors.test.ts': 22,
  'device-history-stores.test.ts': 10,
  'openapi-document.test.ts': 9,
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
