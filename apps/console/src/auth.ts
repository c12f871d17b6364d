/**
 * The session: the bearer token, kept in sessionStorage (this tab only). Its payload is decoded
 * here only to show the role and choose pages and actions; the signature is the server's to check.
 */
const STORAGE_KEY = 'opc-console.token';

export const ROLES = ['admin', 'recruiter', 'officer', 'scorer', 'expert', 'appeal-handler', 'viewer', 'member'] as const;
export type Role = (typeof ROLES)[number];
/** The roles that read everything (READERS in libs/platform/src/auth/roles.ts). */
export const READERS: Role[] = ['admin', 'recruiter', 'officer', 'scorer', 'appeal-handler', 'viewer'];

export interface Session {
  token: string;
  sub: string;
  roles: Role[];
  memberId: string | null;
  /** Expiry, epoch seconds. */
  exp: number | null;
}

export type DecodeResult = { ok: true; session: Session } | { ok: false; reason: 'invalid' | 'expired' | 'noRole' };

function base64UrlDecode(part: string): string {
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Reads a JWT's payload (no verification: that is the server's job). */
export function decodeToken(raw: string, nowSeconds = Date.now() / 1000): DecodeResult {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return { ok: false, reason: 'invalid' };
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(base64UrlDecode(parts[1])) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (payload === null || typeof payload !== 'object') return { ok: false, reason: 'invalid' };
  const roles = (Array.isArray(payload.roles) ? payload.roles : []).filter((r): r is Role => ROLES.includes(r as Role));
  if (roles.length === 0) return { ok: false, reason: 'noRole' };
  const exp = typeof payload.exp === 'number' ? payload.exp : null;
  if (exp !== null && exp < nowSeconds) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    session: {
      token,
      sub: typeof payload.sub === 'string' ? payload.sub : '',
      roles,
      memberId: typeof payload.memberId === 'string' ? payload.memberId : null,
      exp,
    },
  };
}

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const decoded = decodeToken(raw);
    return decoded.ok ? decoded.session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, session.token);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage disabled: the session lasts for this page only */
  }
}

/** Whether the session holds one of the roles (the UI's guess; the server decides). */
export const hasRole = (session: Session | null, ...roles: Role[]): boolean =>
  session !== null && session.roles.some((r) => roles.includes(r));
