import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** The operators' console is served under this path by the API itself (one process, same origin). */
export const CONSOLE_PATH = '/console';

/** The repository (or image) root: the nearest folder above this file holding package.json. */
function rootDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Where `npm run build` puts the console (vite build of apps/console). */
export const consoleDir = (): string => join(rootDir(), 'dist', 'console');

/**
 * Serves the built console at /console: its hashed assets long-cached (their names change with
 * their content), index.html never cached, and every other GET under /console answered with
 * index.html, so the console's own routes (/console/members/…) load on refresh or from a link.
 * The Content-Security-Policy for these paths is set by the HTTP shell (securityHeaders()).
 * Nothing is served when the console is not built (a 404 problem document, as for any unknown path).
 */
export function serveConsole(app: NestExpressApplication, dir: string = consoleDir()): void {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    Logger.warn(`console not built (no ${index}): run npm run build to serve it at ${CONSOLE_PATH}`, 'console');
    return;
  }
  app.useStaticAssets(dir, {
    prefix: CONSOLE_PATH,
    index: false,
    redirect: false,
    fallthrough: true,
    dotfiles: 'ignore',
    // The HTTP shell said no-store for everything; assets under /assets/ are immutable, the rest is not.
    setHeaders: (res: Response, path: string) =>
      res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-store'),
  });
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    // Client routes have no file extension; a missing asset stays a 404.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /\.[a-z0-9]+$/i.test(req.path)) return next();
    res.sendFile(index, { cacheControl: false, dotfiles: 'deny' }, (err) => err && next(err));
  });
}
