module.exports = { ...require('../../jest.preset.js'), displayName: 'alexa-lambda' };
