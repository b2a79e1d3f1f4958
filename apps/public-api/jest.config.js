module.exports = { ...require('../../jest.preset.js'), displayName: 'public-api' };
