// One browser journey at a time: it starts the whole platform (npm start) and Chromium, on 2 cores.
module.exports = { ...require('../../jest.preset.js'), displayName: 'console', maxWorkers: 1 };
