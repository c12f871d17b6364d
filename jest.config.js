/** One jest config for unit (`*.unit.spec.ts`), integration/contract (`*.int.spec.ts`) and end-to-end (`*.e2e.spec.ts`) tests. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: {
    '^@opc/(kernel|eventstore|readstore|membership|evaluation)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 30000,
};
