import { AppError } from '@homeport/errors';
import { createAuthRecordCache } from './auth-record-cache';
import { createConnectAuthenticator } from './connect-auth';
import type { DeviceAuthRecord } from './credentials';
import { createDeviceSecrets } from './device-secrets';
import { createRateLimiter } from './rate-limiter';

const secrets = createDeviceSecrets({ pepper: 'pepper-0123456789abcdef0123456789ab' });
const secret = secrets.generate();
const record: DeviceAuthRecord = {
  deviceId: 'dev-1',
  vendorId: 'acme',
  credentials: [{ id: 'cred-1', secretHash: secrets.hash(secret) }],
};
const fanoutToken = 'fanout-token-0123456789abcdef0123456789';
const auditToken = 'audit-token-0123456789abcdef01234567890';

function createAuthenticator(
  load: (deviceId: string) => Promise<DeviceAuthRecord | undefined>,
  failureBurst = 100,
) {
  return createConnectAuthenticator({
    records: createAuthRecordCache({ load, ttlMs: 1000, negativeTtlMs: 1000, maxEntries: 10 }),
    secrets,
    services: {
      tokens: new Map([
        ['fanout', fanoutToken],
        ['audit', auditToken],
      ]),
      partitioned: new Set(['fanout']),
    },
    failedConnects: createRateLimiter({ ratePerSecond: 1, burst: failureBurst, maxKeys: 10, now: () => 0 }),
  });
}
const device = (
  overrides: { clientId?: string; username?: string; password?: string; remoteAddress?: string } = {},
) => ({
  clientId: overrides.clientId ?? 'dev-1',
  username: overrides.username ?? 'dev-1',
  password: Buffer.from(overrides.password ?? secret),
  remoteAddress: overrides.remoteAddress ?? '192.0.2.1',
});

describe('CONNECT authentication', () => {
  const authenticator = createAuthenticator((deviceId) =>
    Promise.resolve(deviceId === 'dev-1' ? record : undefined),
  );

  it('a device with its id as client id and username and an active secret is accepted with that credential', async () => {
    expect(await authenticator.authenticate(device())).toEqual({
      accepted: true,
      identity: { kind: 'device', vendorId: 'acme', deviceId: 'dev-1', credentialId: 'cred-1' },
    });
  });

  it('a wrong secret, an unknown device or a missing password are bad credentials', async () => {
    expect(await authenticator.authenticate(device({ password: 'nope' }))).toMatchObject({
      reason: 'bad_credentials',
    });
    expect(await authenticator.authenticate(device({ clientId: 'dev-2', username: 'dev-2' }))).toMatchObject({
      reason: 'bad_credentials',
    });
    expect(await authenticator.authenticate({ ...device(), password: undefined })).toMatchObject({
      reason: 'bad_credentials',
    });
  });

  it('a client id other than the device id is refused as an identifier mismatch', async () => {
    expect(await authenticator.authenticate(device({ clientId: 'other' }))).toMatchObject({
      reason: 'client_id_mismatch',
    });
  });

  const fanout = (clientId: string) => ({
    remoteAddress: '192.0.2.1',
    clientId,
    username: 'service:fanout',
    password: Buffer.from(fanoutToken),
  });

  it('a service needs its token and exactly its own client id', async () => {
    expect(await authenticator.authenticate(fanout('service:fanout'))).toEqual({
      accepted: true,
      identity: { kind: 'service', name: 'fanout' },
    });
    expect(
      await authenticator.authenticate({ ...fanout('service:fanout'), password: Buffer.from('x') }),
    ).toMatchObject({ reason: 'bad_credentials' });
    expect(
      await authenticator.authenticate({ ...fanout('service:fanout'), username: 'service:other' }),
    ).toMatchObject({ reason: 'bad_credentials' });
    for (const clientId of ['dev-1', 'service:fanoutX', 'service:fanout-evil', 'service:fanout:1']) {
      expect(await authenticator.authenticate(fanout(clientId))).toMatchObject({
        reason: 'client_id_mismatch',
      });
    }
  });

  it('a service allowed to partition may use exactly the partition session ids k < P, nothing like them', async () => {
    for (const clientId of ['service:fanout-p0of1', 'service:fanout-p3of4', 'service:fanout-p1023of1024']) {
      expect(await authenticator.authenticate(fanout(clientId))).toMatchObject({ accepted: true });
    }
    const lookalikes = [
      'service:fanout-p4of4',
      'service:fanout-p0of0',
      'service:fanout-p01of4',
      'service:fanout-p1of04',
      'service:fanout-p-1of4',
      'service:fanoutX-p0of2',
      'service:fanout-p0of2-p0of2',
      'service:fanout-p0of2 ',
    ];
    for (const clientId of lookalikes) {
      expect(await authenticator.authenticate(fanout(clientId))).toMatchObject({
        reason: 'client_id_mismatch',
      });
    }
  });

  it('a service not allowed to partition may not open partition sessions', async () => {
    const audit = {
      remoteAddress: '192.0.2.1',
      username: 'service:audit',
      password: Buffer.from(auditToken),
    };
    expect(await authenticator.authenticate({ ...audit, clientId: 'service:audit' })).toMatchObject({
      accepted: true,
    });
    expect(await authenticator.authenticate({ ...audit, clientId: 'service:audit-p0of2' })).toMatchObject({
      reason: 'client_id_mismatch',
    });
  });

  it('when the registry is unavailable, the refusal says server unavailable', async () => {
    const failing = createAuthenticator(() =>
      Promise.reject(new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'down')),
    );
    expect(await failing.authenticate(device())).toMatchObject({ reason: 'server_unavailable' });
  });

  it('when an address has used up its failed attempts, its CONNECTs are refused without a lookup, others are not', async () => {
    let loads = 0;
    const throttled = createAuthenticator((deviceId) => {
      loads += 1;
      return Promise.resolve(deviceId === 'dev-1' ? record : undefined);
    }, 3);
    const reasons: (string | false)[] = [];
    for (let index = 0; index < 20; index += 1) {
      const outcome = await throttled.authenticate(
        device({ clientId: `random-${index}`, username: `random-${index}` }),
      );
      reasons.push(!outcome.accepted && outcome.reason);
    }
    expect(reasons.filter((reason) => reason === 'bad_credentials')).toHaveLength(3);
    expect(reasons.filter((reason) => reason === 'connect_rate_exceeded')).toHaveLength(17);
    expect(loads).toBe(3);
    expect(await throttled.authenticate(device())).toMatchObject({ reason: 'connect_rate_exceeded' });
    expect(await throttled.authenticate(device({ remoteAddress: '::ffff:192.0.2.1' }))).toMatchObject({
      reason: 'connect_rate_exceeded',
    });
    expect(await throttled.authenticate(device({ remoteAddress: '192.0.2.2' }))).toMatchObject({
      accepted: true,
    });
  });

  it('many devices behind one address connecting at once are all accepted, whatever the burst', async () => {
    const authenticator = createAuthenticator(() => Promise.resolve(record), 2);
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => authenticator.authenticate(device())),
    );
    expect(outcomes.every((outcome) => outcome.accepted)).toBe(true);
  });
});

describe('auth record cache', () => {
  /** A cache of `record` on a clock of the test's, counting its loads. */
  function createCountingCache(options: { maxAgeMs?: number; isRevocationFeedCurrent?: () => boolean } = {}) {
    const state = { nowMs: 0, loads: 0 };
    const cache = createAuthRecordCache({
      load: () => {
        state.loads += 1;
        return Promise.resolve(record);
      },
      ttlMs: 1000,
      negativeTtlMs: 1000,
      maxEntries: 10,
      now: () => state.nowMs,
      ...options,
    });
    return { cache, state };
  }

  it('caches records with an active credential for the TTL, and forgets them on invalidate', async () => {
    const { cache, state } = createCountingCache();
    await cache.get('dev-1');
    await cache.get('dev-1');
    expect(state.loads).toBe(1);
    cache.invalidate('dev-1');
    await cache.get('dev-1');
    state.nowMs += 1001;
    await cache.get('dev-1');
    expect(state.loads).toBe(3);
  });

  it('remembers an unknown device or one without credentials for the negative TTL, until invalidated', async () => {
    let nowMs = 0;
    let loads = 0;
    let stored: DeviceAuthRecord | undefined;
    const cache = createAuthRecordCache({
      load: () => {
        loads += 1;
        return Promise.resolve(stored);
      },
      ttlMs: 1000,
      negativeTtlMs: 500,
      maxEntries: 10,
      now: () => nowMs,
    });
    expect(await Promise.all([cache.get('dev-1'), cache.get('dev-1')])).toEqual([undefined, undefined]);
    expect(await cache.get('dev-1')).toBeUndefined();
    expect(loads).toBe(1); // concurrent misses share one query, and the miss is remembered
    stored = { ...record, credentials: [] };
    nowMs += 501;
    expect(await cache.get('dev-1')).toBeUndefined();
    expect(await cache.get('dev-1')).toBeUndefined();
    expect(loads).toBe(2);
    stored = record; // a first credential, issued here: the credential service invalidates
    cache.invalidate('dev-1');
    expect(await cache.get('dev-1')).toEqual(record);
    expect(loads).toBe(3);
  });

  it('a query that was in flight when the device was invalidated is not cached', async () => {
    let loads = 0;
    let release: (value: DeviceAuthRecord) => void = () => undefined;
    const cache = createAuthRecordCache({
      load: () => {
        loads += 1;
        return loads === 1
          ? new Promise<DeviceAuthRecord>((resolve) => (release = resolve))
          : Promise.resolve({ ...record, credentials: [] });
      },
      ttlMs: 1000,
      negativeTtlMs: 1000,
      maxEntries: 10,
    });
    const before = cache.get('dev-1');
    cache.invalidate('dev-1'); // e.g. its credential was revoked meanwhile
    release(record);
    expect(await before).toEqual(record);
    expect(await cache.get('dev-1')).toBeUndefined();
    expect(loads).toBe(2);
  });

  it('keeps a record up to its maximum age while the revocation feed is current, and only the TTL when it is not', async () => {
    let feedCurrent = true;
    const { cache, state } = createCountingCache({
      maxAgeMs: 60_000,
      isRevocationFeedCurrent: () => feedCurrent,
    });
    await cache.get('dev-1');
    state.nowMs += 30_000;
    await cache.get('dev-1');
    expect(state.loads).toBe(1); // a reconnect 30 s later: no query
    feedCurrent = false; // the sweep stopped succeeding: a revocation might not have reached this cache
    await cache.get('dev-1');
    expect(state.loads).toBe(2);
    await cache.get('dev-1');
    expect(state.loads).toBe(2); // just loaded: within the TTL
    feedCurrent = true;
    state.nowMs += 60_001;
    await cache.get('dev-1');
    expect(state.loads).toBe(3); // past the maximum age, whatever the feed
  });
});
