module.exports = { ...require('../../jest.preset.js'), displayName: 'broker-api' };
