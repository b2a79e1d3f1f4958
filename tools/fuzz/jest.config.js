// One suite at a time: the smoke test starts the embedded platform, and this machine has 2 cores.
module.exports = { ...require('../../jest.preset.js'), displayName: 'fuzz', maxWorkers: 1 };
