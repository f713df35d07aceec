/** Small React hooks shared by the pages: load data, tick a clock, remember the namespace. */

import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
  setData: (update: (old: T | undefined) => T | undefined) => void;
}

/**
 * Runs `load` when `deps` change; keeps the last data while reloading. `merge` decides what a load's
 * answer does to data already there (set meanwhile by `setData`, e.g. from a watch stream); without
 * it the answer replaces it.
 */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
  merge?: (current: T | undefined, loaded: T) => T,
): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const mergeRef = useRef(merge);
  mergeRef.current = merge;
  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) =>
        live &&
        setState((s) => ({ data: mergeRef.current ? mergeRef.current(s.data, data) : data, loading: false })),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const setData = useCallback(
    (update: (old: T | undefined) => T | undefined) => setState((s) => ({ ...s, data: update(s.data) })),
    [],
  );
  return { ...state, reload, setData };
}

/** The current time, refreshed every `ms` (for running durations). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

const NS_KEY = 'argosy.namespace';

/** The namespace the lists show; remembered in localStorage (it is not a secret). */
export function useNamespace(initial?: string): [string, (ns: string) => void] {
  const [ns, setNs] = useState(() => initial || localStorage.getItem(NS_KEY) || 'default');
  useEffect(() => {
    if (initial) setNs(initial);
  }, [initial]);
  const set = useCallback((value: string) => {
    localStorage.setItem(NS_KEY, value);
    setNs(value);
  }, []);
  return [ns, set];
}
