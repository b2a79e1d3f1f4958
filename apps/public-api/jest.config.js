// Every test user costs two scrypt hashes (sign-up, login) of a few hundred ms on a busy machine.
// jest's default of one worker on 2 cores: two gained nothing in CI (28:49 against 28:38 with one, session 16),
// since nx already runs another project's tests beside this one.
module.exports = { ...require('../../jest.preset.js'), displayName: 'public-api', testTimeout: 60_000 };
