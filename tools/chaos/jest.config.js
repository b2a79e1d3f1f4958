// One suite at a time: the smoke test starts the distributed platform as processes, and this machine has 2 cores.
module.exports = { ...require('../../jest.preset.js'), displayName: 'chaos', maxWorkers: 1 };
