import { createContext, useContext, useEffect, useMemo, useState, type MouseEvent, type ReactNode } from 'react';

/**
 * A small router over the History API: every page is a path under /console (the API answers
 * index.html for them). Paths inside the app are written without the /console prefix.
 */
export const BASE = '/console';

interface Location {
  path: string;
  search: URLSearchParams;
}

interface RouterValue extends Location {
  navigate: (to: string, options?: { replace?: boolean }) => void;
}

const RouterContext = createContext<RouterValue | null>(null);

function read(): Location {
  const raw = window.location.pathname;
  const path = raw.startsWith(BASE) ? raw.slice(BASE.length) || '/' : raw;
  return { path: path.length > 1 ? path.replace(/\/+$/, '') : path, search: new URLSearchParams(window.location.search) };
}

export function Router({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState<Location>(read);
  useEffect(() => {
    const onPop = () => setLocation(read());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const value = useMemo<RouterValue>(
    () => ({
      ...location,
      navigate: (to, options) => {
        const url = BASE + (to.startsWith('/') ? to : `/${to}`);
        if (options?.replace) window.history.replaceState(null, '', url);
        else window.history.pushState(null, '', url);
        setLocation(read());
        if (!options?.replace) window.scrollTo(0, 0);
      },
    }),
    [location],
  );
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter outside Router');
  return value;
}

/** Matches `/members/:id` against a path: the parameters, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

type LinkProps = { to: string; children: ReactNode; className?: string; title?: string };

/** An in-app link: a real href (open in a new tab works), navigation without a reload. */
export function Link({ to, children, className, title }: LinkProps) {
  const { navigate } = useRouter();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={BASE + to} onClick={onClick} className={className} title={title}>
      {children}
    </a>
  );
}
