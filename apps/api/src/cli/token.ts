/**
 * Prints a JWT for local use: `npm run token -- --role admin [--sub alice] [--member <id>] [--ttl 12h]`.
 * Reads JWT_SECRET, or the development secret generated into DATA_DIR; sets `iss`/`aud` when
 * JWT_ISSUER/JWT_AUDIENCE are configured. `--ttl` (default 12h, capped by JWT_MAX_LIFETIME_S) is
 * seconds or a number with s, m, h, d or w.
 */
// The pieces it needs, not the platform's index: a token in a fraction of a second, without loading Nest.
import { loadConfig, type PlatformConfig } from '@opc/platform/config';
import { ROLES, type Role } from '@opc/platform/auth/role-names';
import { signToken } from '@opc/platform/auth/tokens';

const args = process.argv.slice(2);
const value = (flag: string): string[] => args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1]] : []));
function fail(message: string): never {
  process.stderr.write(message + '\n');
  process.exit(2);
}
const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
/** `--ttl` in seconds: `90`, `90s`, `15m`, `12h`, `7d`, `1w`; undefined when not understood. */
const ttlSeconds = (raw: string): number | undefined => {
  const match = /^(\d+)\s*([smhdw]?)$/i.exec(raw.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_S[(match[2] || 's').toLowerCase()];
  return seconds > 0 ? seconds : undefined;
};

const roles = value('--role').flatMap((r) => r.split(','));
const unknown = roles.filter((r) => !ROLES.includes(r as Role));
if (roles.length === 0 || unknown.length > 0)
  fail(`usage: npm run token -- --role <${ROLES.join('|')}> [--role …] [--sub id] [--member memberId] [--ttl 12h]`);
let config: PlatformConfig;
try {
  config = loadConfig();
} catch (e) {
  fail((e as Error).message);
}
if (config.jwtJwksUrl)
  fail(
    'JWT_JWKS_URL is set: the API accepts only tokens signed by the identity provider (JWKS), so a locally signed HS256 token would be refused; get a token from the identity provider instead',
  );
const member = value('--member')[0];
if (roles.includes('member') && !member) fail('a member token needs --member <memberId>');
const rawTtl = value('--ttl')[0];
const ttl = rawTtl === undefined ? Math.min(12 * 3600, config.jwtMaxLifetimeS) : ttlSeconds(rawTtl);
if (ttl === undefined)
  fail(`--ttl must be a positive number of seconds, or a number with s, m, h, d or w (e.g. 12h), not '${rawTtl}'`);
if (ttl > config.jwtMaxLifetimeS)
  fail(
    `--ttl ${rawTtl} is ${ttl} seconds, longer than the maximum token lifetime of ${config.jwtMaxLifetimeS} seconds (JWT_MAX_LIFETIME_S); the API would refuse such a token`,
  );
process.stdout.write(
  signToken(
    config,
    { sub: value('--sub')[0] ?? `local-${roles[0]}`, roles: roles as Role[], ...(member ? { memberId: member } : {}) },
    ttl,
  ) + '\n',
);
