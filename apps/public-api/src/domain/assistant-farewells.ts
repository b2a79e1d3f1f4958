import { AppError, isAppError } from '@homeport/errors';
import { randomUUID } from 'node:crypto';
import { deleteReport } from './alexa-discovery';
import type { AlexaEventDelivery } from './alexa-event-delivery';
import type { AlexaTokens } from './alexa-links';
import type { HomeGraph } from './google-home-graph-reports';

/** What a deleted account leaves to tell an assistant, so that it forgets the person and their devices. */
export type AssistantFarewell =
  | { readonly assistant: 'google'; readonly agentUserId: string }
  | {
      readonly assistant: 'alexa';
      readonly grantId: string;
      readonly tokens: AlexaTokens;
      /** The devices the person's Alexa could discover when the account was deleted. */
      readonly endpointIds: readonly string[];
    };

/** A farewell waiting to be told, with its id in the store. */
export interface PendingFarewell {
  readonly id: string;
  readonly farewell: AssistantFarewell;
}

/** Port: the farewells the account erasures wrote, in PostgreSQL. */
export interface AssistantFarewells {
  /** Claims up to `limit` due farewells for `leaseMs`: one not removed by then is due again (the retry). */
  claim(limit: number, leaseMs: number): Promise<PendingFarewell[]>;
  /** Forgets farewells told, or refused for good. */
  remove(ids: readonly string[]): Promise<void>;
}

/** Alexa's limit of endpoints per discovery event. */
const endpointsPerReport = 300;

/** Why a farewell ends without being told (logged): a refusal for good, or an assistant not configured. */
export interface FarewellNotTold {
  readonly assistant: AssistantFarewell['assistant'];
  readonly reason: string;
}

/**
 * Tells the assistants what deleted accounts leave, in rounds: Google's HomeGraph deletes the agent user,
 * Alexa gets a DeleteReport of the endpoints with the person's tokens (refreshed if need be). What cannot be
 * told now (no answer, 429, 5xx, Login with Amazon unreachable) stays for a later round; a refusal for good
 * (the agent user unknown, the skill disabled, the refresh token refused, a 400) ends it untold, logged.
 */
export function createAssistantFarewellTeller(deps: {
  readonly farewells: AssistantFarewells;
  /** Absent without Google's service account key; absent `alexa`, without Login with Amazon. */
  readonly homeGraph: HomeGraph | undefined;
  readonly alexa: AlexaEventDelivery | undefined;
  readonly batchSize: number;
  /** How long a farewell that could not be told waits before the next try. */
  readonly retryMs: number;
  readonly onNotTold: (notTold: FarewellNotTold) => void;
}) {
  const { homeGraph, alexa } = deps;

  /** Resolves with why it ended untold, or nothing when told; throws AppError unavailable to try again. */
  async function tell(farewell: AssistantFarewell): Promise<string | undefined> {
    if (farewell.assistant === 'google') {
      if (homeGraph === undefined) return 'no GOOGLE_SERVICE_ACCOUNT_KEY';
      const outcome = await homeGraph.deleteAgentUser(farewell.agentUserId, randomUUID());
      return outcome === 'unknown-user' ? 'HomeGraph has no such agent user' : undefined;
    }
    if (alexa === undefined) return 'no Login with Amazon credentials';
    let tokens = farewell.tokens;
    for (let start = 0; start < farewell.endpointIds.length; start += endpointsPerReport) {
      const report = deleteReport(farewell.endpointIds.slice(start, start + endpointsPerReport));
      // A refreshed token serves the next report; a retry refreshes again (Amazon's refresh token stays valid).
      const outcome = await alexa(tokens, report, (refreshed) => {
        tokens = refreshed;
        return Promise.resolve();
      });
      if (outcome.kind === 'retry')
        throw new AppError(
          'unavailable',
          'ALEXA_GATEWAY_UNAVAILABLE',
          `Alexa's event gateway: ${outcome.reason}`,
        );
      if (outcome.kind !== 'accepted') return `${outcome.kind}: ${outcome.reason}`;
    }
    return undefined;
  }

  return {
    /** One round: resolves true when it claimed a whole batch (more may be due). */
    async round(): Promise<boolean> {
      const pending = await deps.farewells.claim(deps.batchSize, deps.retryMs);
      const done: string[] = [];
      // An assistant unavailable once is not called again this round: a provider that is down (each call
      // waiting out its timeout) holds a round, and the shutdown waiting on it, for one call, not a batch.
      const unavailable = new Set<AssistantFarewell['assistant']>();
      try {
        for (const { id, farewell } of pending) {
          if (unavailable.has(farewell.assistant)) continue;
          let notTold: string | undefined;
          try {
            notTold = await tell(farewell);
          } catch (error) {
            // Unavailable: left claimed, due again once its lease ends. Another AppError is a refusal for
            // good (HomeGraph's 400 or 403); anything else a bug, rethrown.
            if (!isAppError(error)) throw error;
            if (error.kind === 'unavailable') {
              unavailable.add(farewell.assistant);
              continue;
            }
            notTold = error.message;
          }
          if (notTold !== undefined) deps.onNotTold({ assistant: farewell.assistant, reason: notTold });
          done.push(id);
        }
      } finally {
        await deps.farewells.remove(done);
      }
      return pending.length === deps.batchSize;
    },
  };
}

/** The farewells' teller. */
export type AssistantFarewellTeller = ReturnType<typeof createAssistantFarewellTeller>;
