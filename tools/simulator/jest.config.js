// One suite at a time: the component tests start broker-api as a process, and this machine has 2 cores.
module.exports = { ...require('../../jest.preset.js'), displayName: 'simulator', maxWorkers: 1 };
