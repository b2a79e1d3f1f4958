import { startGoogleStandIn, type GoogleStandIn } from '../../test/support/google-stand-in';
import { systemClock } from '../domain/clock';
import { createAssistantGatewayClient, type AssistantGatewayClient } from './assistant-gateway-client';
import { createGoogleHomeGraphClient } from './google-home-graph-client';
import { readServiceAccountKey, type GoogleServiceAccountKey } from './google-service-account';

describe('Google HomeGraph client (against the provider stand-in)', () => {
  let google: GoogleStandIn;
  let gateway: AssistantGatewayClient;
  let key: GoogleServiceAccountKey;

  beforeAll(async () => {
    google = await startGoogleStandIn();
    gateway = createAssistantGatewayClient({ timeoutMs: 5000, ca: google.ca });
    const read = readServiceAccountKey(google.serviceAccountKey);
    if ('problem' in read) throw new Error(read.problem);
    key = read;
  });
  afterAll(async () => {
    await gateway.close();
    await google.close();
  });

  const homeGraph = (overrides: Partial<GoogleServiceAccountKey> = {}) =>
    createGoogleHomeGraphClient({
      gateway,
      homeGraphUrl: google.url,
      key: { ...key, ...overrides },
      clock: systemClock,
    });

  it('reports state and requests a sync as the service account, exchanging its signed JWT once for both', async () => {
    const client = homeGraph();
    const before = google.tokensIssued();
    // https://developers.home.google.com/cloud-to-cloud/integration/report-state (the request's shape)
    const states = { 'light-123': { online: true, on: true } };
    expect(await client.reportState('user-123', '123ABC', states)).toBe('reported');
    expect(await client.requestSync('user-123')).toBe('requested');
    expect(google.tokensIssued() - before).toBe(1);
    expect(google.reports.at(-1)).toEqual({ requestId: '123ABC', agentUserId: 'user-123', states });
    expect(google.syncRequests.at(-1)).toEqual({ agentUserId: 'user-123', async: true });
  });

  it('an agentUserId HomeGraph does not know is told apart (404), not thrown', async () => {
    google.forget('user-gone');
    expect(await homeGraph().requestSync('user-gone')).toBe('unknown-user');
  });

  it('throttling and outages are HOMEGRAPH_UNAVAILABLE (retried by the queue); a refused key HOMEGRAPH_REFUSED', async () => {
    const client = homeGraph();
    for (const status of [429, 503]) {
      google.failNext(status, 1);
      await expect(client.requestSync('user-123')).rejects.toMatchObject({
        kind: 'unavailable',
        code: 'HOMEGRAPH_UNAVAILABLE',
      });
    }
    const impostor = homeGraph({ client_email: 'someone-else@homeport-test.iam.gserviceaccount.com' });
    await expect(impostor.requestSync('user-123')).rejects.toMatchObject({
      kind: 'internal',
      code: 'HOMEGRAPH_REFUSED',
      message: expect.stringContaining('Invalid JWT Signature') as unknown,
    });
  });

  it('a service account key that lacks a field or is not JSON is named', () => {
    expect(readServiceAccountKey('{"client_email":"a@b"}')).toEqual({
      problem: 'lacks private_key, token_uri',
    });
    expect(readServiceAccountKey('not json')).toEqual({
      problem: 'is not JSON (the service account key file)',
    });
  });
});
