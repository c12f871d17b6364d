/**
 * Before the browser tests: the console must be built (dist/console, served by the app under
 * test) from the current sources, and Chromium must be installed (Debian's package; never a
 * browser download).
 */
'use strict';
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const CONSOLE = join(root, 'apps', 'console');
const BUILT = join(root, 'dist', 'console', 'index.html');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

module.exports = async function globalSetup() {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(chromium))
    throw new Error(`no Chromium at ${chromium}: install Debian's (apt-get install -y chromium), or set CHROMIUM_PATH`);
  const sources = Math.max(newest(CONSOLE), statSync(join(root, 'package-lock.json')).mtimeMs);
  if (!existsSync(BUILT) || statSync(BUILT).mtimeMs < sources) {
    process.stderr.write('\nbuilding the console (dist/console is older than apps/console)…\n');
    execSync('npm run -s build:console', { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  }
};
