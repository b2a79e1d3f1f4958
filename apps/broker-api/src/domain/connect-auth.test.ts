import { AppError } from '@homeport/errors';
import { createAuthRecordCache } from './auth-record-cache';
import { createConnectAuthenticator } from './connect-auth';
import type { DeviceAuthRecord } from './credentials';
import { createDeviceSecrets } from './device-secrets';

const secrets = createDeviceSecrets({ pepper: 'pepper-0123456789abcdef0123456789ab' });
const secret = secrets.generate();
const record: DeviceAuthRecord = {
  deviceId: 'dev-1',
  vendorId: 'acme',
  credentials: [{ id: 'cred-1', secretHash: secrets.hash(secret) }],
};
const fanoutToken = 'fanout-token-0123456789abcdef0123456789';

function createAuthenticator(load: (deviceId: string) => Promise<DeviceAuthRecord | undefined>) {
  return createConnectAuthenticator({
    records: createAuthRecordCache({ load, ttlMs: 1000, maxEntries: 10 }),
    secrets,
    serviceTokens: new Map([['fanout', fanoutToken]]),
  });
}
const device = (overrides: { clientId?: string; username?: string; password?: string } = {}) => ({
  clientId: overrides.clientId ?? 'dev-1',
  username: overrides.username ?? 'dev-1',
  password: Buffer.from(overrides.password ?? secret),
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
    expect(
      await authenticator.authenticate({ clientId: 'dev-1', username: 'dev-1', password: undefined }),
    ).toMatchObject({ reason: 'bad_credentials' });
  });

  it('a client id other than the device id is refused as an identifier mismatch', async () => {
    expect(await authenticator.authenticate(device({ clientId: 'other' }))).toMatchObject({
      reason: 'client_id_mismatch',
    });
  });

  it('a service needs its token and a client id under its own name', async () => {
    const service = {
      clientId: 'service:fanout:1',
      username: 'service:fanout',
      password: Buffer.from(fanoutToken),
    };
    expect(await authenticator.authenticate(service)).toEqual({
      accepted: true,
      identity: { kind: 'service', name: 'fanout' },
    });
    expect(await authenticator.authenticate({ ...service, password: Buffer.from('x') })).toMatchObject({
      reason: 'bad_credentials',
    });
    expect(await authenticator.authenticate({ ...service, clientId: 'dev-1' })).toMatchObject({
      reason: 'client_id_mismatch',
    });
    expect(await authenticator.authenticate({ ...service, username: 'service:other' })).toMatchObject({
      reason: 'bad_credentials',
    });
  });

  it('when the registry is unavailable, the refusal says server unavailable', async () => {
    const failing = createAuthenticator(() =>
      Promise.reject(new AppError('unavailable', 'DATABASE_UNAVAILABLE', 'down')),
    );
    expect(await failing.authenticate(device())).toMatchObject({ reason: 'server_unavailable' });
  });
});

describe('auth record cache', () => {
  it('caches records with an active credential for the TTL, and forgets them on invalidate', async () => {
    let nowMs = 0;
    let loads = 0;
    const cache = createAuthRecordCache({
      load: () => {
        loads += 1;
        return Promise.resolve(record);
      },
      ttlMs: 1000,
      maxEntries: 10,
      now: () => nowMs,
    });
    await cache.get('dev-1');
    await cache.get('dev-1');
    expect(loads).toBe(1);
    cache.invalidate('dev-1');
    await cache.get('dev-1');
    nowMs += 1001;
    await cache.get('dev-1');
    expect(loads).toBe(3);
  });

  it('never caches a device without credentials, so a first credential works at once', async () => {
    let loads = 0;
    const cache = createAuthRecordCache({
      load: () => {
        loads += 1;
        return Promise.resolve({ ...record, credentials: [] });
      },
      ttlMs: 1000,
      maxEntries: 10,
    });
    await cache.get('dev-1');
    await cache.get('dev-1');
    expect(loads).toBe(2);
  });
});
