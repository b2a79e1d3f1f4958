import type { MessageBus } from '@homeport/messaging';
import type { AssistantGatewayClient } from './adapters/assistant-gateway-client';
import { cacheGoogleLinks, type LinkedHomes } from './adapters/cached-linked-homes';
import { createGoogleHomeGraphClient } from './adapters/google-home-graph-client';
import { createPgGoogleLinks } from './adapters/pg-google-links';
import type { Pool } from './adapters/postgres';
import type { PublicApiSettings } from './config';
import type { AccountAuthorizations } from './domain/account-authorizations';
import type { AssistantDevices } from './domain/assistant-devices';
import type { Clock } from './domain/clock';
import { createGoogleFulfillment } from './domain/google-fulfillment';
import { createGoogleHomeGraphReports, type HomeGraph } from './domain/google-home-graph-reports';
import type { DeviceHomes } from './domain/live-events';
import { consumeGoogleHomeGraph } from './entry-points/google-home-graph.consumer';

/**
 * Google Home: the fulfillment (SYNC, QUERY, EXECUTE, DISCONNECT) and, with a service account key, HomeGraph:
 * the reports (Report State, Request Sync) consumed from homeport.events, and deleted accounts' agent users.
 */
export function createGoogleHome(
  config: PublicApiSettings,
  deps: {
    pool: Pool;
    devices: AssistantDevices;
    authorizations: Pick<AccountAuthorizations, 'revoke'>;
    /** Shared with Alexa; closed by its owner after the consumer. */
    gateway: AssistantGatewayClient;
    /** The homes known to have no Google link (this replica's). */
    linkedHomes: LinkedHomes;
    clock: Clock;
  },
) {
  const links = cacheGoogleLinks(createPgGoogleLinks(deps.pool), deps.linkedHomes);
  const { devices, gateway, clock } = deps;
  const key = config.googleServiceAccount;
  const homeGraph: HomeGraph | undefined =
    key && createGoogleHomeGraphClient({ gateway, homeGraphUrl: config.GOOGLE_HOMEGRAPH_URL, key, clock });
  return {
    fulfillment: createGoogleFulfillment({ devices, links, authorizations: deps.authorizations, clock }),

    /** HomeGraph; absent without GOOGLE_SERVICE_ACCOUNT_KEY. */
    homeGraph,

    /** Starts the HomeGraph consumer; without GOOGLE_SERVICE_ACCOUNT_KEY nothing is reported. */
    async consume(bus: MessageBus, deviceHomes: DeviceHomes): Promise<{ close(): Promise<void> }> {
      if (homeGraph === undefined) return { close: () => Promise.resolve() };
      const reports = createGoogleHomeGraphReports({ devices, links, homeGraph, deviceHomes, clock });
      return consumeGoogleHomeGraph(bus, reports);
    },
  };
}

/** The Google Home part of public-api. */
export type GoogleHome = ReturnType<typeof createGoogleHome>;
