import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** A page's data: loading, loaded, or failed with a message that says what to do. */
export type Loaded<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly value: T }
  | { readonly status: 'failed'; readonly message: string };

/**
 * Loads with `load` whenever `key` changes; `reload` loads again, keeping the shown value meanwhile. `load` answers the value or throws an Error
 * whose message is for the person (see describeProblem).
 */
export function useLoaded<T>(key: string, load: () => Promise<T>) {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadedKey = useRef<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    // A reload of the same data keeps showing what is there until the new answer replaces it.
    if (loadedKey.current !== key) setState({ status: 'loading' });
    loadedKey.current = key;
    load().then(
      (value) => {
        if (current) setState({ status: 'loaded', value });
      },
      (error: unknown) => {
        if (current)
          setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
    // `load` is a new closure at each render: `key` says when what it loads changes.
  }, [key, attempt]);
  const reload = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);
  return { state, setState, reload };
}
