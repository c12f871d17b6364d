#!/usr/bin/env node
/**
 * npm run screenshots: starts the app on a temp DATA_DIR with the browser tests' story (more
 * members), opens each page of the console in Debian's Chromium and saves docs/screenshots/*.png
 * (1440×900). Runs test/browser/screenshots.shots.ts through the browser tests' Jest setup, which
 * builds the console first when its sources changed. Needs chromium (and fonts-noto-cjk for the
 * Chinese text): apt-get install -y chromium fonts-noto-cjk.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const jest = join(root, 'node_modules', '.bin', 'jest');
const run = spawnSync(jest, ['--config', 'test/browser/jest.config.js', '--runInBand'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SCREENSHOTS: '1' },
});
if (run.status === 0) process.stdout.write(`screenshots saved in ${join(root, 'docs', 'screenshots')}\n`);
process.exit(run.status ?? 1);
