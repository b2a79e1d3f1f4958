// Every test user costs two scrypt hashes (sign-up, login) of a few hundred ms on a busy machine.
module.exports = { ...require('../../jest.preset.js'), displayName: 'public-api', testTimeout: 60_000 };
