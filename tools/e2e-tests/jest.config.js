// One suite at a time: each starts several service processes, and this machine has 2 cores.
module.exports = { ...require('../../jest.preset.js'), displayName: 'e2e-tests', maxWorkers: 1 };
