// Shared jest settings: TypeScript through @swc/jest (type checking is the separate `typecheck` target).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' } }],
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Tests and hooks against real servers and processes: jest's 5 s failed them on a busy 2-core CI machine
  // (nx runs two projects at once). A test that hangs still fails, later.
  testTimeout: 30_000,
};
