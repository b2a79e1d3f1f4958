import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alexaDirectiveExample, alexaDiscoverExample } from '@homeport/contracts';
import { jsonAnswer, startHttpStandIn, type HttpStandIn, type StandInRequest } from '@homeport/testing';
import { packageLambda } from '../scripts/lambda-package';

type Handler = (event: unknown) => Promise<unknown>;

// Amazon's examples, as contracts keep them (alexa-samples/alexa-smarthome sample messages).
const discover = alexaDiscoverExample;
const setTargetTemperature = alexaDirectiveExample;

describe('the packaged Alexa Lambda', () => {
  let outDir: string;
  let handler: Handler;
  let homeport: HttpStandIn;
  const received: StandInRequest[] = [];
  let answerWith: (request: StandInRequest) => ReturnType<typeof jsonAnswer> = () => jsonAnswer(200, {});

  beforeAll(async () => {
    // public-api's part is played by a recording server: what is tested here is the forwarding (the
    // route itself is tested in apps/public-api/test/assistants/alexa.ts against a real instance).
    homeport = await startHttpStandIn((request) => {
      received.push(request);
      return answerWith(request);
    });
    outDir = await mkdtemp(path.join(tmpdir(), 'alexa-lambda-'));
    const { bundlePath, zipPath } = await packageLambda(outDir);
    expect((await readFile(zipPath)).subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    process.env.HOMEPORT_API_URL = homeport.url;
    process.env.HOMEPORT_TIMEOUT_MS = '1000';
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as Lambda loads it
    handler = (require(bundlePath) as { handler: Handler }).handler;
  });

  afterAll(async () => {
    await homeport.close();
    await rm(outDir, { recursive: true, force: true });
  });

  it("forwards a directive unchanged with the user's token as its bearer, and answers Homeport's answer", async () => {
    const response = { event: { header: { namespace: 'Alexa.Discovery', name: 'Discover.Response' } } };
    answerWith = () => jsonAnswer(200, response);
    await expect(handler(discover)).resolves.toEqual(response);
    await expect(handler(setTargetTemperature)).resolves.toEqual(response);
    expect(
      received.map(({ method, path: to, headers, body }) => [
        method,
        to,
        headers.authorization,
        JSON.parse(body) as unknown,
      ]),
    ).toEqual([
      ['POST', '/v1/assistants/alexa', 'Bearer access-token-from-skill', discover],
      ['POST', '/v1/assistants/alexa', 'Bearer access-token-from-skill', setTargetTemperature],
    ]);
  });

  it('a refused token or a failing Homeport becomes an ErrorResponse that keeps the correlation token', async () => {
    answerWith = () => jsonAnswer(401, { code: 'TOKEN_INVALID' });
    const refused = (await handler(setTargetTemperature)) as { event: Record<string, unknown> };
    expect(refused.event).toMatchObject({
      header: {
        namespace: 'Alexa',
        name: 'ErrorResponse',
        correlationToken: setTargetTemperature.directive.header.correlationToken,
      },
      endpoint: { endpointId: setTargetTemperature.directive.endpoint?.endpointId },
      payload: { type: 'INVALID_AUTHORIZATION_CREDENTIAL' },
    });
    answerWith = () => ({ status: 502, body: '<html>bad gateway</html>' });
    await expect(handler(setTargetTemperature)).resolves.toMatchObject({
      event: { payload: { type: 'INTERNAL_ERROR', message: 'Homeport answered HTTP 502' } },
    });
  });

  it('a Homeport that does not answer within HOMEPORT_TIMEOUT_MS becomes INTERNAL_ERROR, not a silent Lambda', async () => {
    answerWith = () => undefined;
    const answer = (await handler(discover)) as { event: { payload: { type: string; message: string } } };
    expect(answer.event.payload.type).toBe('INTERNAL_ERROR');
    expect(answer.event.payload.message).toMatch(/did not answer/);
  });
});
