module.exports = { ...require('../../jest.preset.js'), displayName: 'fan-out' };
