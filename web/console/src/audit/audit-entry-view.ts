import type { ApiAnswer } from '../api/console-api';

/** One audit entry, as public-api answers it (the home's and the vendor's logs alike). */
export type AuditEntry = ApiAnswer<'/v1/vendors/{vendorId}/audit', 'get'>['items'][number];

/** A page of a log: its entries, newest first, and the cursor of the older page (null on the last). */
export type AuditEntryPage = ApiAnswer<'/v1/vendors/{vendorId}/audit', 'get'>;

/** How each kind of credential reads in "who did it". */
const credentialWords: Readonly<Record<string, string>> = {
  session: 'signed in',
  'personal-access-token': 'with a personal token',
  oauth: 'through a connected app',
  'api-key': 'with an API key',
  'oauth-client': 'through an OAuth client',
};

const shortId = (id: string) => id.slice(0, 8);

/**
 * Who did it, in words: a person by the email the log's readers know them by (`names`: user ids and API key
 * ids to names), else by the start of their id; a vendor's back end by its key's name.
 */
export function describeActor(actor: AuditEntry['actor'], names: ReadonlyMap<string, string>): string {
  const { kind, id } = actor.credential;
  const how = credentialWords[kind] ?? `with ${kind}`;
  if (actor.kind === 'user' && actor.userId !== null) {
    return `${names.get(actor.userId) ?? `person ${shortId(actor.userId)}…`} (${how})`;
  }
  const keyName = names.get(id);
  if (kind === 'api-key') return keyName === undefined ? `API key ${shortId(id)}…` : `API key “${keyName}”`;
  return `${actor.vendorId ?? 'a vendor'}'s back end (${how})`;
}

/** The entry's details as `name: value` lines (public-api keeps only a few plain values there). */
export function describeDetails(details: AuditEntry['details']): string[] {
  return Object.entries(details).map(
    ([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
}
