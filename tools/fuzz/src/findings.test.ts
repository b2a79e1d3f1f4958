import { createFindings, judgeHttpAnswer } from './findings';
import type { HttpInput } from './inputs';

function request(route: string): HttpInput {
  return {
    family: 'http',
    method: 'GET',
    route,
    service: 'broker-api',
    needsToken: route !== '/ready',
    path: route,
    auth: 'token',
    note: '',
  };
}

describe('judging an HTTP answer', () => {
  it('a 503 that says why (an error code, or /ready naming the checks that are down) is explained; a bare 5xx is a finding', () => {
    const findings = createFindings();
    const notReady = { status: 'not_ready', checks: { redis: { status: 'down', reason: 'failed' } } };

    judgeHttpAnswer(findings, request('/ready'), 503, JSON.stringify(notReady));
    judgeHttpAnswer(findings, request('/devices'), 503, '{"code":"DATABASE_UNAVAILABLE","message":"m"}');
    judgeHttpAnswer(findings, request('/vendors'), 503, 'Service Unavailable');
    judgeHttpAnswer(findings, request('/vendors'), 500, '{"code":"INTERNAL","message":"internal error"}');

    expect(findings.explained.map((group) => `${group.status} ${group.route}`)).toEqual([
      '503 /ready',
      '503 /devices',
    ]);
    expect(findings.unexpected.map((group) => `${group.status} ${group.route}`)).toEqual([
      '503 /vendors',
      '500 /vendors',
    ]);
  });

  it("a protected route answering < 400 without the token is a finding, unless it is Alexa's refusal (200 and an ErrorResponse event)", () => {
    const findings = createFindings();
    const alexa = {
      ...request('/v1/assistants/alexa'),
      method: 'POST',
      service: 'public-api',
      auth: 'none',
    } as const;
    const refusal = {
      event: {
        header: { namespace: 'Alexa', name: 'ErrorResponse', payloadVersion: '3', messageId: 'm-1' },
        payload: { type: 'INVALID_AUTHORIZATION_CREDENTIAL', message: 'no token' },
      },
    };
    const answered = { event: { header: { namespace: 'Alexa.Discovery', name: 'Discover.Response' } } };

    judgeHttpAnswer(findings, alexa, 200, JSON.stringify(refusal));
    judgeHttpAnswer(findings, { ...request('/devices'), auth: 'wrong-token' }, 200, '[]');
    judgeHttpAnswer(findings, alexa, 200, JSON.stringify(answered));

    expect(findings.unauthenticated.map((group) => `${group.status} ${group.route} ${group.count}`)).toEqual([
      '200 /devices 1',
      '200 /v1/assistants/alexa 1',
    ]);
  });
});
