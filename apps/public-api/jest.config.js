// Every test user costs two scrypt hashes (sign-up, login) of a few hundred ms on a busy machine.
// jest's default of one worker on 2 cores: two gained nothing in CI (28:49 against 28:38 with one, session 16).
// nx runs the suite as two shards (`test` depends on `test-shard-1` and `test-shard-2`, see package.json), so
// its minutes are two tasks that a machine with more cores runs side by side. On CI's 2 cores it bought
// nothing measurable (29:25 of nx against 28:38 to 29:30): the run is CPU-bound (vmstat: 6 % idle), and a
// third of it is lint and typecheck (9.5 min for all projects). Its 13 minutes then were 57 files; grouped by
// environment (one file each, README "Tests") they are 20: 5.5-8 minutes for both shards one after the
// other, where main's took 9.5-17 alternated with them (tools/bench README, session 24).
// The shards are dealt by measured weight (test/support/balanced-shards.js): the files are few and unequal.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'public-api',
  testTimeout: 60_000,
  testSequencer: '<rootDir>/test/support/balanced-shards.js',
};
