import { jsonAnswer, startHttpStandIn, type HttpStandIn, type StandInRequest } from '@homeport/testing';
import { createAssistantGatewayClient } from './assistant-gateway-client';

describe('assistant gateway client', () => {
  let gateway: HttpStandIn;
  const seen: StandInRequest[] = [];

  beforeAll(async () => {
    gateway = await startHttpStandIn(
      (request) => {
        seen.push(request);
        return jsonAnswer(202, { accepted: true });
      },
      { tls: true },
    );
  });
  afterAll(() => gateway.close());

  it('posts JSON and forms, and deletes without a body, over TLS to a gateway whose certificate authority it was given', async () => {
    const client = createAssistantGatewayClient({ timeoutMs: 2000, ...(gateway.ca && { ca: gateway.ca }) });
    const json = await client.post(`${gateway.url}/v3/events`, {
      headers: { authorization: 'Bearer a' },
      json: { event: {} },
    });
    const form = await client.post(`${gateway.url}/auth/o2/token`, { form: { grant_type: 'refresh_token' } });
    const removal = await client.post(`${gateway.url}/v1/agentUsers/u1?requestId=r1`, { method: 'DELETE' });
    await client.close();
    expect(json).toEqual({ answered: true, status: 202, body: { accepted: true } });
    expect(form).toMatchObject({ answered: true, status: 202 });
    expect(removal).toMatchObject({ answered: true, status: 202 });
    expect(
      seen.map((request) => [request.method, request.path, request.headers['content-type'], request.body]),
    ).toEqual([
      ['POST', '/v3/events', 'application/json', '{"event":{}}'],
      ['POST', '/auth/o2/token', 'application/x-www-form-urlencoded', 'grant_type=refresh_token'],
      ['DELETE', '/v1/agentUsers/u1?requestId=r1', undefined, ''],
    ]);
  });

  it('refuses a certificate nobody vouches for, as an unanswered call rather than an exception', async () => {
    const client = createAssistantGatewayClient({ timeoutMs: 2000 });
    const answer = await client.post(`${gateway.url}/v3/events`, { json: {} });
    await client.close();
    expect(answer).toMatchObject({
      answered: false,
      reason: expect.stringMatching(/certificate/) as unknown,
    });
  });
});
