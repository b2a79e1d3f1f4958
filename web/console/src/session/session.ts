import type { ApiAnswer } from '../api/console-api';

/** A signed-in person's tokens (POST /v1/sessions), and when the access token expires (epoch ms). */
export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresAtMs: number;
}

type TokenPair = ApiAnswer<'/v1/sessions', 'post', 201>;

const storageKey = 'homeport.session';

/** The session of the pair public-api answered at login or refresh. */
export function sessionFromTokens(tokens: TokenPair, nowMs = Date.now()): Session {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAtMs: nowMs + tokens.expiresIn * 1000,
  };
}

/**
 * The session kept in this tab's sessionStorage (it survives a reload, not the tab): public-api takes bearer
 * tokens only, so the console holds them; a closed tab forgets them.
 */
export function readStoredSession(): Session | undefined {
  const text = sessionStorage.getItem(storageKey);
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Session>;
    if (typeof value.accessToken !== 'string' || typeof value.refreshToken !== 'string') return undefined;
    return {
      accessToken: value.accessToken,
      refreshToken: value.refreshToken,
      expiresAtMs: Number(value.expiresAtMs),
    };
  } catch {
    return undefined;
  }
}

/** Keeps the session for a reload of this tab, or forgets it (undefined). */
export function storeSession(session: Session | undefined): void {
  if (session === undefined) sessionStorage.removeItem(storageKey);
  else sessionStorage.setItem(storageKey, JSON.stringify(session));
}

/** How long before the access token expires the console refreshes it. */
export function refreshDelayMs(session: Session, nowMs = Date.now()): number {
  const marginMs = 60_000;
  return Math.max(5_000, session.expiresAtMs - nowMs - marginMs);
}
