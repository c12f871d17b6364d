/**
 * Browser tests (npm run test:browser): the real app on the embedded stores, driven through the
 * console in Debian's Chromium by playwright-core. Only *.browser.spec.ts here, which plain
 * `npm test` ignores (package.json jest.testPathIgnorePatterns). `SCREENSHOTS=1` runs the
 * screenshot story instead (npm run screenshots).
 */
'use strict';
const base = require('../../package.json').jest;

module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/browser'],
  testMatch: process.env.SCREENSHOTS ? ['**/test/browser/screenshots.shots.ts'] : ['**/test/browser/**/*.browser.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/browser/global-setup.js',
  // Starting Chromium and the app takes a few seconds on a 2-core machine; no test asserts on time.
  testTimeout: 120000,
};
