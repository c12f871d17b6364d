import jwt from 'jsonwebtoken';
import type { PlatformConfig } from '../config';
import type { Role } from './role-names';

/** What `signToken` needs to know: the secret, and the issuer and audience to name when configured. */
export type TokenSigningConfig = Pick<PlatformConfig, 'jwtSecret'> & Partial<Pick<PlatformConfig, 'jwtIssuer' | 'jwtAudience'>>;

/**
 * Signs an HS256 token, always with `iat` and `exp` (default 12 h); given the config instead of the
 * bare secret, it also sets `iss`/`aud` when JWT_ISSUER/JWT_AUDIENCE are configured. Used by
 * `npm run token` and the tests.
 */
export const signToken = (
  secretOrConfig: string | TokenSigningConfig,
  claims: { sub: string; roles: Role[]; memberId?: string },
  expiresIn: jwt.SignOptions['expiresIn'] = '12h',
): string => {
  const config: TokenSigningConfig = typeof secretOrConfig === 'string' ? { jwtSecret: secretOrConfig } : secretOrConfig;
  return jwt.sign(claims, config.jwtSecret, {
    algorithm: 'HS256',
    expiresIn: expiresIn ?? '12h',
    ...(config.jwtIssuer ? { issuer: config.jwtIssuer } : {}),
    ...(config.jwtAudience ? { audience: config.jwtAudience } : {}),
  });
};
