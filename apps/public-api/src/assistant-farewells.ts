import type { Logger } from '@homeport/observability';
import { createPeriodicTask, type PeriodicTask } from '@homeport/service-runtime';
import { createPgAssistantFarewells } from './adapters/pg-assistant-farewells';
import type { Pool } from './adapters/postgres';
import type { Alexa } from './alexa';
import type { PublicApiSettings } from './config';
import { createAssistantFarewellTeller } from './domain/assistant-farewells';
import type { GoogleHome } from './google-home';

const batchSize = 20;

/**
 * The rounds that tell Alexa and Google what deleted accounts left (stored by the erasure in its transaction,
 * so that a deletion never waits on, nor fails with, Amazon or Google): every ASSISTANT_FAREWELL_RETRY_MS, and
 * at once after a deletion (`trigger`); started and stopped with the service.
 */
export function createAssistantFarewellRounds(
  config: Pick<PublicApiSettings, 'ASSISTANT_FAREWELL_RETRY_MS'>,
  deps: { pool: Pool; alexa: Alexa; google: GoogleHome; logger: Logger },
): PeriodicTask {
  const teller = createAssistantFarewellTeller({
    farewells: createPgAssistantFarewells(deps.pool, deps.alexa.cipher),
    homeGraph: deps.google.homeGraph,
    alexa: deps.alexa.delivery,
    batchSize,
    retryMs: config.ASSISTANT_FAREWELL_RETRY_MS,
    onNotTold: ({ assistant, reason }) => {
      deps.logger.warn({ assistant, reason }, "a deleted account's farewell ends untold");
    },
  });
  return createPeriodicTask({
    intervalMs: config.ASSISTANT_FAREWELL_RETRY_MS,
    // The start does not wait on Amazon or Google either: what a stop or a crash left is told a round later.
    delayFirstRound: true,
    round: () => teller.round(),
    onFailure: (error) => {
      deps.logger.error({ err: error }, 'telling the assistants of deleted accounts failed');
    },
  });
}
