module.exports = { ...require('../../jest.preset.js'), displayName: 'state-workers' };
