import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { configureApi } from './api';
import { loadSession, saveSession, type Session } from './auth';

interface SessionValue {
  session: Session | null;
  /** The server answered 401: the token is no longer good; the sign-in screen says so. */
  expired: boolean;
  signIn: (session: Session) => void;
  signOut: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [expired, setExpired] = useState(false);
  const signOut = useCallback(() => {
    saveSession(null);
    setSession(null);
  }, []);
  // Configured during render, so the first requests of the pages below already carry the token.
  configureApi(session?.token ?? null, () => setExpired(true));
  const value = useMemo<SessionValue>(
    () => ({
      session,
      expired,
      signIn: (next) => {
        saveSession(next);
        setExpired(false);
        setSession(next);
      },
      signOut,
    }),
    [session, expired, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
