// Every test user costs two scrypt hashes (sign-up, login) of a few hundred ms on a busy machine.
// Two workers: its files mostly wait on servers and on each other's instances, and one worker made this
// suite CI's long pole (690 s of 20 min on 2 cores, session 15).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'public-api',
  testTimeout: 60_000,
  maxWorkers: 2,
};
