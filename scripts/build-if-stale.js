#!/usr/bin/env node
/**
 * Builds (npm run build: the server and the console) only when a source is newer than the last
 * build, so `npm start`, `npm run token` and `npm run bench` start at once when nothing changed.
 */
'use strict';
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');
const SOURCES = ['apps', 'libs', 'bench'];
const FILES = ['package.json', 'package-lock.json', 'tsconfig.json', '.tsconfig.build.json'];
/** Server sources are .ts/.json; the console (apps/console) also has .tsx, .mts, .css and .html. */
const WATCHED = /\.(ts|tsx|mts|json|css|html)$/;

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (WATCHED.test(entry.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const sources = Math.max(
  ...SOURCES.map((d) => newest(join(root, d))),
  ...FILES.filter((f) => existsSync(join(root, f))).map((f) => statSync(join(root, f)).mtimeMs),
);
// A build from before the console existed has no dist/console: build then too.
const built = existsSync(stamp) && existsSync(join(root, 'dist', 'console', 'index.html'));
if (built && statSync(stamp).mtimeMs >= sources) process.exit(0);
process.stderr.write('building (sources changed since the last build)…\n');
execSync('npm run -s build', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
writeFileSync(stamp, new Date().toISOString() + '\n');
