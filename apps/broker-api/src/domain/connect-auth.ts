import { isValidId } from '@homeport/contracts';
import { isTransient } from '@homeport/errors';
import { timingSafeEqual, createHash } from 'node:crypto';
import { addressKeyOf } from './address-key';
import type { AuthRecordCache } from './auth-record-cache';
import type { DeviceSecrets } from './device-secrets';
import type { MqttIdentity } from './mqtt-identity';
import type { RateLimiter } from './rate-limiter';
import type { RefusalReason } from './refusal';
import { isServiceClientId, servicePrefix, type ServiceDirectory } from './service-identity';

/** What a CONNECT presents. */
export interface ConnectAttempt {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly password: Buffer | undefined;
  /** Where the connection comes from (the key of the failed-CONNECT throttle). */
  readonly remoteAddress: string;
}

/** The outcome of a CONNECT. */
export type ConnectOutcome =
  | { readonly accepted: true; readonly identity: MqttIdentity }
  | { readonly accepted: false; readonly reason: RefusalReason };

/** Dependencies of `createConnectAuthenticator`. */
export interface ConnectAuthDeps {
  readonly records: AuthRecordCache;
  readonly secrets: DeviceSecrets;
  /** The internal services, from configuration. */
  readonly services: ServiceDirectory;
  /**
   * Refused CONNECTs per remote address (an IPv6 /64 counts as one): an address with no token left is
   * refused before any lookup.
   */
  readonly failedConnects: RateLimiter;
}

const refuse = (reason: RefusalReason): ConnectOutcome => ({ accepted: false, reason });

/** Compares two strings in constant time whatever their lengths (digests have equal length). */
function isSameSecret(presented: Buffer, expected: string): boolean {
  const digest = (value: Buffer | string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Authenticates a CONNECT. Devices: client id = username = device id, password = a secret of one of the
 * device's active credentials. Services: username `service:<name>`, password = that service's token, client
 * id exactly `service:<name>` or one of its partition sessions (`isServiceClientId`), so a service can never
 * take over a device's session nor another service's. Each refused
 * attempt takes a token of its remote address; once they are gone, that address is refused with
 * `connect_rate_exceeded` without a lookup until the bucket refills, so a storm of random ids from one
 * address cannot turn into one registry query per attempt (the negative cache cannot help there). Accepted
 * attempts cost nothing: many devices behind one address (a NAT) reconnecting at once are never refused.
 */
export function createConnectAuthenticator(deps: ConnectAuthDeps) {
  const authenticateService = (attempt: ConnectAttempt, username: string): ConnectOutcome => {
    const name = username.slice(servicePrefix.length);
    const token = deps.services.tokens.get(name);
    if (token === undefined || attempt.password === undefined || !isSameSecret(attempt.password, token)) {
      return refuse('bad_credentials');
    }
    if (!isServiceClientId(deps.services, name, attempt.clientId)) return refuse('client_id_mismatch');
    return { accepted: true, identity: { kind: 'service', name } };
  };

  const authenticateDevice = async (attempt: ConnectAttempt, username: string): Promise<ConnectOutcome> => {
    if (!isValidId(username) || attempt.password === undefined) return refuse('bad_credentials');
    if (attempt.clientId !== username) return refuse('client_id_mismatch');
    const record = await deps.records.get(username);
    const password = attempt.password;
    const credential = record?.credentials.find((candidate) =>
      deps.secrets.matches(password, candidate.secretHash),
    );
    if (record === undefined || credential === undefined) return refuse('bad_credentials');
    return {
      accepted: true,
      identity: {
        kind: 'device',
        vendorId: record.vendorId,
        deviceId: record.deviceId,
        credentialId: credential.id,
      },
    };
  };

  return {
    /** Resolves with the identity or the refusal reason; rejects only on a bug (an unexpected error). */
    async authenticate(attempt: ConnectAttempt): Promise<ConnectOutcome> {
      const address = addressKeyOf(attempt.remoteAddress);
      if (!deps.failedConnects.hasToken(address)) return refuse('connect_rate_exceeded');
      const username = attempt.username ?? '';
      try {
        const outcome = username.startsWith(servicePrefix)
          ? authenticateService(attempt, username)
          : await authenticateDevice(attempt, username);
        if (!outcome.accepted) deps.failedConnects.take(address);
        return outcome;
      } catch (error) {
        // The registry being away is not the address's fault: no token taken.
        if (isTransient(error)) return refuse('server_unavailable');
        throw error;
      }
    },
  };
}

/** The CONNECT authenticator. */
export type ConnectAuthenticator = ReturnType<typeof createConnectAuthenticator>;
