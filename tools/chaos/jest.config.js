// Unit tests only: a chaos run restarts the shared servers, so it is never part of `npm test`.
module.exports = { ...require('../../jest.preset.js'), displayName: 'chaos' };
