import {
  createPostgresOutbox,
  queryRows,
  writeOutboxEntries,
  type NewOutboxEntry,
  type SqlQueryable,
} from '@homeport/storage';
import type { AssistantFarewell, AssistantFarewells } from '../domain/assistant-farewells';
import { openAlexaTokens, type SealedAlexaTokens } from './pg-alexa-links';
import type { Pool } from './postgres';
import type { TokenCipher } from './token-cipher';

/** Migration 013: the outbox's columns, the farewell's assistant as its message type. */
const farewellsTable = 'public_api.assistant_farewells';

/** An Alexa farewell as stored: the link's tokens as they were sealed (bound to its grant id). */
interface StoredAlexaFarewell {
  readonly grantId: string;
  readonly tokens: { readonly [K in keyof SealedAlexaTokens]: string };
  readonly endpointIds: readonly string[];
}

/**
 * Writes, in the erasure's transaction and before the user row goes (its links go with it), one farewell for
 * the user's Google links (one agent user) and one per Alexa link, with `alexaEndpointIds`.
 */
export async function writeAssistantFarewells(
  db: SqlQueryable,
  userId: string,
  alexaEndpointIds: readonly string[],
): Promise<void> {
  const google = await queryRows(db, 'SELECT 1 FROM public_api.google_links WHERE user_id = $1 LIMIT 1', [
    userId,
  ]);
  const alexa = await queryRows<SealedAlexaTokens & { grant_id: string }>(
    db,
    `SELECT grant_id, access_token, access_token_expires_at, refresh_token
     FROM public_api.alexa_links WHERE user_id = $1 ORDER BY grant_id`,
    [userId],
  );
  const entries: NewOutboxEntry[] = alexa.map((link) => {
    const stored: StoredAlexaFarewell = {
      grantId: link.grant_id,
      tokens: {
        access_token: link.access_token,
        access_token_expires_at: link.access_token_expires_at.toISOString(),
        refresh_token: link.refresh_token,
      },
      endpointIds: alexaEndpointIds,
    };
    return { messageType: 'alexa', messageId: `alexa/${link.grant_id}`, payload: stored };
  });
  if (google.length > 0)
    entries.push({ messageType: 'google', messageId: `google/${userId}`, payload: { agentUserId: userId } });
  await writeOutboxEntries(db, farewellsTable, entries);
}

/** The farewells in PostgreSQL; an Alexa farewell's tokens are opened by `cipher` when it is claimed. */
export function createPgAssistantFarewells(pool: Pool, cipher: TokenCipher): AssistantFarewells {
  const outbox = createPostgresOutbox(pool, farewellsTable);
  const toFarewell = (messageType: string, payload: unknown): AssistantFarewell => {
    if (messageType === 'google') return { assistant: 'google', ...(payload as { agentUserId: string }) };
    const { grantId, tokens, endpointIds } = payload as StoredAlexaFarewell;
    const sealed = { ...tokens, access_token_expires_at: new Date(tokens.access_token_expires_at) };
    return { assistant: 'alexa', grantId, tokens: openAlexaTokens(cipher, grantId, sealed), endpointIds };
  };
  return {
    async claim(limit, leaseMs) {
      const entries = await outbox.claim(limit, leaseMs);
      return entries.map((entry) => ({
        id: entry.id,
        farewell: toFarewell(entry.messageType, entry.payload),
      }));
    },
    remove: (ids) => outbox.remove(ids),
  };
}
