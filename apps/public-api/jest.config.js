// Every test user costs two scrypt hashes (sign-up, login) of a few hundred ms on a busy machine.
// jest's default of one worker on 2 cores: two made CI's whole run slower (28:49 against about 22 min,
// session 16), since nx already runs another project's tests beside this one.
module.exports = { ...require('../../jest.preset.js'), displayName: 'public-api', testTimeout: 60_000 };
