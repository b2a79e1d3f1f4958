module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'alerts',
  // The component test files mostly wait (on `for` durations, sweeps and their servers: about a fifth of a core
  // each), so three run at once rather than jest's one on 2 cores; each has its own databases and names.
  maxWorkers: 3,
};
