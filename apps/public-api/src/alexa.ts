import { alexaChangeReportsQueue } from '@homeport/contracts';
import type { MessageBus } from '@homeport/messaging';
import { createAlexaEventGateway } from './adapters/alexa-event-gateway';
import type { AssistantGatewayClient } from './adapters/assistant-gateway-client';
import { cacheAlexaLinks, type LinkedHomes } from './adapters/cached-linked-homes';
import { createLwaTokenClient } from './adapters/lwa-token-client';
import { createPgAlexaLinks } from './adapters/pg-alexa-links';
import { createPgOAuthTokenRepository } from './adapters/pg-oauth-token.repository';
import type { Pool } from './adapters/postgres';
import { createTokenCipher, type TokenCipher } from './adapters/token-cipher';
import type { PublicApiSettings } from './config';
import { createAlexaChangeReporter } from './domain/alexa-change-reports';
import { createAlexaEventDelivery, type AlexaEventDelivery } from './domain/alexa-event-delivery';
import type { FindTokenGrant } from './domain/alexa-linking';
import { createAlexaService, type AlexaService } from './domain/alexa-service';
import type { AssistantDevices } from './domain/assistant-devices';
import type { Clock } from './domain/clock';
import type { DeviceHomes } from './domain/live-events';
import { hashSecretToken } from './domain/secret-tokens';
import { consumeAlexaChangeReports } from './entry-points/alexa-change-reports.consumer';
import type { OAuthServices } from './oauth-services';

/** Alexa's entry point and its ChangeReports. */
export interface Alexa {
  readonly service: AlexaService;
  /** Sends events with a person's tokens; absent without the skill's Login with Amazon credentials. */
  readonly delivery: AlexaEventDelivery | undefined;
  /** Seals and opens the links' tokens (ALEXA_TOKEN_KEYS). */
  readonly cipher: TokenCipher;
  /** Starts the ChangeReport consumer; closing it stops it. */
  consume(bus: MessageBus, deviceHomes: DeviceHomes): Promise<{ close(): Promise<void> }>;
}

/**
 * Wires the Alexa use cases on PostgreSQL, Homeport's OAuth tokens and the assistants' gateway client (shared
 * with Google Home, closed by its owner after the consumer).
 */
export function createAlexa(
  config: PublicApiSettings,
  deps: {
    pool: Pool;
    devices: AssistantDevices;
    oauth: OAuthServices;
    gateway: AssistantGatewayClient;
    /** The homes known to have no Alexa link (this replica's). */
    linkedHomes: LinkedHomes;
    clock: Clock;
  },
): Alexa {
  const { pool, devices, oauth, gateway, clock } = deps;
  // The config check refused a client without keys, and bad keys; without a client nothing is sealed.
  const cipher = createTokenCipher(config.alexaTokenKeys);
  const links = cacheAlexaLinks(createPgAlexaLinks(pool, cipher), deps.linkedHomes);
  const { ALEXA_CLIENT_ID: clientId, ALEXA_CLIENT_SECRET: clientSecret } = config;
  const lwa =
    clientId === undefined || clientSecret === undefined
      ? undefined
      : createLwaTokenClient(
          gateway,
          { tokenUrl: config.ALEXA_LWA_TOKEN_URL, clientId, clientSecret },
          clock,
        );
  const tokens = createPgOAuthTokenRepository(pool);
  const findTokenGrant: FindTokenGrant = async (token) => {
    const stored = await tokens.findAccessToken(hashSecretToken(token), clock.now());
    if (stored?.grant == null) return undefined;
    return { userId: stored.grant.userId, clientId: stored.clientId, grantId: stored.grant.id };
  };
  const service = createAlexaService({
    devices,
    authenticator: oauth.tokens.authenticator,
    links,
    lwa,
    findTokenGrant,
    revokeClient: (caller, revokedClientId) => oauth.authorizations.revoke(caller, revokedClientId),
    clock,
  });
  const eventGateway = createAlexaEventGateway(gateway, config.ALEXA_EVENT_GATEWAY_URL);
  return {
    service,
    delivery: lwa && createAlexaEventDelivery({ gateway: eventGateway, lwa, clock }),
    cipher,
    async consume(bus, deviceHomes) {
      // Without Login with Amazon nothing is sent, so the queue is not declared and homeport.events routes
      // nothing to it (RabbitMQ's delivery and this replica's handling of every state change and presence,
      // for nothing). One left from a time the skill was configured is still read, so that it does not fill.
      if (lwa === undefined && (await bus.inspectQueue(alexaChangeReportsQueue)) === undefined) {
        return { close: () => Promise.resolve() };
      }
      return consumeAlexaChangeReports(
        bus,
        createAlexaChangeReporter({
          deviceHomes,
          links,
          devices,
          gateway: eventGateway,
          lwa,
          clock,
        }),
      );
    },
  };
}
