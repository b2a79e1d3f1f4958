import { isLogPosition } from './live-events';

// The SSE event id a client resumes from: the position it reached in each home's log. It is opaque to
// clients; base64url keeps it to the characters an HTTP header carries as they are.

const version = 'v1.';

/** The event id of a stream that reached `positions` (home id -> log position). */
export function encodeLiveCursor(positions: ReadonlyMap<string, string>): string {
  const json = JSON.stringify(Object.fromEntries(positions));
  return version + Buffer.from(json).toString('base64url');
}

/** The positions an event id holds, or undefined when it is not one of ours. */
export function decodeLiveCursor(eventId: string): Map<string, string> | undefined {
  if (!eventId.startsWith(version)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(eventId.slice(version.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const entries = Object.entries(parsed as Record<string, unknown>);
  const valid = entries.every(([, position]) => typeof position === 'string' && isLogPosition(position));
  return valid ? new Map(entries as [string, string][]) : undefined;
}
