import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, currentSessionToken, newIdempotencyKey, type Query } from './api';
import { useRouter } from './router';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** GETs `path` (null: nothing yet) and re-reads whenever the path or query change, or on reload(). */
export function useApi<T>(path: string | null, query?: Query): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query ?? {});
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    api
      .get<T>(path, JSON.parse(key) as Query, controller.signal)
      .then((data) => setState({ data, error: null, loading: false }))
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setState({ data: null, error: e instanceof ApiError ? e : new ApiError(0, { code: 'NETWORK' }), loading: false });
      });
    return () => controller.abort();
  }, [path, key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/**
 * A list page's filters, kept in the URL query so that a filtered list can be linked to: each key of
 * `defaults` read from the query (its default when absent), the page number (1 when absent or not a
 * number), and go(): sets the keys it is given (an empty value removes one), back to page 1 unless it
 * names a page, in place of the current history entry. reset(): the bare list.
 */
export function useQueryFilters<K extends string>(basePath: string, defaults: Record<K, string>) {
  const { search, navigate } = useRouter();
  const values = {} as Record<K, string>;
  for (const k of Object.keys(defaults) as K[]) values[k] = search.get(k) ?? defaults[k];
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const go = (changes: Partial<Record<K | 'page', string>>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes))
      if (v) next.set(k, v);
      else next.delete(k);
    if (!('page' in changes)) next.delete('page');
    const qs = next.toString();
    navigate(qs ? `${basePath}?${qs}` : basePath, { replace: true });
  };
  const reset = () => navigate(basePath, { replace: true });
  return { values, page, go, reset };
}

/** A form's submission: one fresh Idempotency-Key per submission; the refusal or the reply kept for display. */
export function useSubmission<T>() {
  const [state, setState] = useState<{ busy: boolean; error: ApiError | null; done: T | null }>({
    busy: false,
    error: null,
    done: null,
  });
  const run = async (send: (idempotencyKey: string) => Promise<T>): Promise<T | null> => {
    setState({ busy: true, error: null, done: null });
    try {
      const done = await send(newIdempotencyKey());
      setState({ busy: false, error: null, done });
      return done;
    } catch (e) {
      setState({ busy: false, error: e instanceof ApiError ? e : new ApiError(0, { code: 'NETWORK' }), done: null });
      return null;
    }
  };
  return { ...state, run };
}

/** Member names by id, for lists that only carry ids (deadlines, appeals, requests): one read, kept a minute. */
let names: { token: string | null; at: number; promise: Promise<Map<string, string>> } | null = null;

function loadNames(): Promise<Map<string, string>> {
  const token = currentSessionToken();
  if (names && names.token === token && Date.now() - names.at < 60_000) return names.promise;
  const promise = api
    .get<{ items: { id: string; name: string }[] }>('/members', { pageSize: 500 })
    .then((r) => new Map(r.items.map((m) => [m.id, m.name])))
    .catch(() => new Map<string, string>());
  names = { token, at: Date.now(), promise };
  return promise;
}

export function useMemberNames(): Map<string, string> {
  const [map, setMap] = useState<Map<string, string>>(() => new Map());
  useEffect(() => {
    let live = true;
    void loadNames().then((m) => live && setMap(m));
    return () => {
      live = false;
    };
  }, []);
  return map;
}
