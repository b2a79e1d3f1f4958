// One suite at a time: the smoke test starts Mosquitto and the embedded platform, and this machine has 2 cores.
module.exports = { ...require('../../jest.preset.js'), displayName: 'bench', maxWorkers: 1 };
