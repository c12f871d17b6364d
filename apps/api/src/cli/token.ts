/**
 * Prints a JWT for local use: `npm run token -- --role admin [--sub alice] [--member <id>] [--ttl 12h]`.
 * Reads JWT_SECRET, or the development secret generated into DATA_DIR.
 */
import { loadConfig, ROLES, signToken, type Role } from '@opc/platform';

const args = process.argv.slice(2);
const value = (flag: string): string[] => args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1]] : []));
const roles = value('--role').flatMap((r) => r.split(','));
const unknown = roles.filter((r) => !ROLES.includes(r as Role));
if (roles.length === 0 || unknown.length > 0) {
  process.stderr.write(
    `usage: npm run token -- --role <${ROLES.join('|')}> [--role …] [--sub id] [--member memberId] [--ttl 12h]\n`,
  );
  process.exit(2);
}
const config = loadConfig();
const member = value('--member')[0];
if (roles.includes('member') && !member) {
  process.stderr.write('a member token needs --member <memberId>\n');
  process.exit(2);
}
const ttl = (value('--ttl')[0] ?? '12h') as `${number}h`;
process.stdout.write(
  signToken(
    config.jwtSecret,
    { sub: value('--sub')[0] ?? `local-${roles[0]}`, roles: roles as Role[], ...(member ? { memberId: member } : {}) },
    ttl,
  ) + '\n',
);
