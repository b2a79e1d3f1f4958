import type { AlexaEvent } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AlexaEventDelivery, GatewayOutcome } from './alexa-event-delivery';
import type { AlexaTokens } from './alexa-links';
import {
  createAssistantFarewellTeller,
  type AssistantFarewell,
  type AssistantFarewells,
  type FarewellNotTold,
} from './assistant-farewells';
import type { HomeGraph } from './google-home-graph-reports';

const tokens: AlexaTokens = {
  accessToken: 'Atza|first',
  accessTokenExpiresAt: new Date('2026-12-06T09:00:00Z'),
  refreshToken: 'Atzr|1',
};
const refreshed: AlexaTokens = { ...tokens, accessToken: 'Atza|refreshed' };
const google: AssistantFarewell = { assistant: 'google', agentUserId: 'user-1' };
const alexa = (endpointIds: readonly string[]): AssistantFarewell => ({
  assistant: 'alexa',
  grantId: 'grant-1',
  tokens,
  endpointIds,
});

/** The store's claim and remove over a list, what was removed recorded. */
function storeOf(farewells: readonly AssistantFarewell[]) {
  const removed: string[] = [];
  const store: AssistantFarewells = {
    claim: () => Promise.resolve(farewells.map((farewell, index) => ({ id: String(index), farewell }))),
    remove: (ids) => {
      removed.push(...ids);
      return Promise.resolve();
    },
  };
  return { store, removed };
}

const homeGraphAnswering = (answer: () => Promise<'deleted' | 'unknown-user'>): HomeGraph => ({
  reportState: () => Promise.reject(new Error('not in these tests')),
  requestSync: () => Promise.reject(new Error('not in these tests')),
  deleteAgentUser: answer,
});

function tellerOf(
  farewells: readonly AssistantFarewell[],
  options: { homeGraph?: HomeGraph; alexa?: AlexaEventDelivery } = {},
) {
  const { store, removed } = storeOf(farewells);
  const notTold: FarewellNotTold[] = [];
  const teller = createAssistantFarewellTeller({
    farewells: store,
    homeGraph: options.homeGraph,
    alexa: options.alexa,
    batchSize: 20,
    retryMs: 60_000,
    onNotTold: (one) => notTold.push(one),
  });
  return { teller, removed, notTold };
}

describe('telling the assistants what a deleted account left', () => {
  it('a farewell told is removed; one HomeGraph could not take now (unavailable) stays, and so do the next ones for Google, not called this round', async () => {
    const answers = [
      () => Promise.resolve('deleted' as const),
      () => Promise.reject(new AppError('unavailable', 'HOMEGRAPH_UNAVAILABLE', 'HTTP 503')),
    ];
    let calls = 0;
    const { teller, removed, notTold } = tellerOf([google, google, google, alexa([])], {
      homeGraph: homeGraphAnswering(() => {
        calls += 1;
        return answers.shift()!();
      }),
      alexa: () => Promise.resolve({ kind: 'accepted' }),
    });
    await teller.round();
    expect(calls).toBe(2);
    expect(removed).toEqual(['0', '3']);
    expect(notTold).toEqual([]);
  });

  it('a refusal for good (the agent user unknown, a 403) ends the farewell untold, and says why', async () => {
    const answers = [
      () => Promise.resolve('unknown-user' as const),
      () => Promise.reject(new AppError('internal', 'HOMEGRAPH_REFUSED', 'Google HomeGraph answered 403')),
    ];
    const { teller, removed, notTold } = tellerOf([google, google], {
      homeGraph: homeGraphAnswering(() => answers.shift()!()),
    });
    await teller.round();
    expect(removed).toEqual(['0', '1']);
    expect(notTold.map((one) => one.reason)).toEqual([
      'HomeGraph has no such agent user',
      'Google HomeGraph answered 403',
    ]);
  });

  it('an assistant that is not configured ends its farewells untold rather than keeping them', async () => {
    const { teller, removed, notTold } = tellerOf([google, alexa(['d1'])]);
    await teller.round();
    expect(removed).toEqual(['0', '1']);
    expect(notTold).toEqual([
      { assistant: 'google', reason: 'no GOOGLE_SERVICE_ACCOUNT_KEY' },
      { assistant: 'alexa', reason: 'no Login with Amazon credentials' },
    ]);
  });

  it('Alexa gets a DeleteReport per 300 endpoints, the refreshed token serving the next; a busy gateway keeps it', async () => {
    const endpointIds = Array.from({ length: 301 }, (_, index) => `d${index}`);
    const sent: { token: string; event: AlexaEvent }[] = [];
    const outcomes: GatewayOutcome[] = [
      { kind: 'accepted' },
      { kind: 'accepted' },
      { kind: 'retry', reason: '503' },
    ];
    const delivery: AlexaEventDelivery = async (stored, event, onRefreshed) => {
      sent.push({ token: stored.accessToken, event });
      // The first report's token was about to expire: Login with Amazon gave a new one.
      if (sent.length === 1) await onRefreshed(refreshed);
      return outcomes.shift()!;
    };
    const told = tellerOf([alexa(endpointIds)], { alexa: delivery });
    await told.teller.round();
    expect(told.removed).toEqual(['0']);
    expect(
      sent.map(({ token, event }) => [token, (event.event.payload.endpoints as unknown[]).length]),
    ).toEqual([
      ['Atza|first', 300],
      ['Atza|refreshed', 1],
    ]);
    expect(sent[0]?.event.event.header).toMatchObject({ namespace: 'Alexa.Discovery', name: 'DeleteReport' });

    const busy = tellerOf([alexa(['d1'])], { alexa: delivery });
    await busy.teller.round();
    expect(busy.removed).toEqual([]);
    expect(busy.notTold).toEqual([]);
  });

  it('a bug (not an AppError) fails the round, the farewells told before it removed all the same', async () => {
    const answers = [() => Promise.resolve('deleted' as const), () => Promise.reject(new TypeError('bug'))];
    const { teller, removed } = tellerOf([google, google], {
      homeGraph: homeGraphAnswering(() => answers.shift()!()),
    });
    await expect(teller.round()).rejects.toThrow('bug');
    expect(removed).toEqual(['0']);
  });
});
