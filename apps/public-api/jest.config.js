// Every test user costs two scrypt hashes (sign-up, login) of a few hundred ms on a busy machine.
// jest's default of one worker on 2 cores: two gained nothing in CI (28:49 against 28:38 with one, session 16).
// The suite is the longest of the workspace (13 min), so nx runs it as two shards (`test` depends on
// `test-shard-1` and `test-shard-2`, see package.json): each is a task of its own that nx can schedule beside
// another project's, and the run no longer ends on one long suite while the other lane is idle.
module.exports = { ...require('../../jest.preset.js'), displayName: 'public-api', testTimeout: 60_000 };
