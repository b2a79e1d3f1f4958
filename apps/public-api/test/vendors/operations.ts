import {
  accountEmailsQueue,
  type OperatorAccessResponse,
  type PlatformHealthResponse,
  type QueueOverviewResponse,
} from '@homeport/contracts';
import { createAmqpMessageBus, type MessageBus } from '@homeport/messaging';
import { readTestServerUrls } from '@homeport/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runAdminCommand } from '../../src/entry-points/cli/admin-commands';
import { publicApiPublishedQueues } from '../../src/public-api';
import {
  type SharedTestEnvironment,
  type TestEnvironment,
  type TestInstance,
  type TestUser,
} from '../support/environment';

/** A service's ops endpoints as the platform's services answer them: ready, or hung (never answering). */
async function startStandIn(behaviour: 'ready' | 'hung'): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (behaviour === 'hung') return; // holds the connection open, as a stuck event loop would
    if (request.url === '/ready') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ready', checks: { postgres: { status: 'up' } } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    response.end(
      'process_resident_memory_bytes{service="stand-in"} 52428800\n' +
        'state_workers_messages_total{type="device.telemetry.v1",outcome="recorded"} 40\n' +
        'state_workers_messages_total{type="device.reported.v1",outcome="changed"} 2\n',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function describeOperations(shared: SharedTestEnvironment): void {
  describe('public-api operations: the platform health and queues, for its operators only', () => {
    const probeTimeoutMs = 1000;
    const joinCode = randomBytes(24).toString('base64url');
    let environment: TestEnvironment;
    let instance: TestInstance;
    let operator: TestUser;
    let bus: MessageBus;
    const standIns: Server[] = [];

    beforeAll(async () => {
      environment = shared.begin();
      const ready = await startStandIn('ready');
      const hung = await startStandIn('hung');
      standIns.push(ready.server, hung.server);
      instance = await environment.startInstance({
        // Port 9 (discard) has no listener: the service is gone.
        OPERATIONS_SERVICES: `state-workers=${ready.url},alerts=${hung.url},analytics=http://127.0.0.1:9`,
        OPERATIONS_PROBE_TIMEOUT_MS: String(probeTimeoutMs),
        OPERATOR_JOIN_CODE: joinCode,
      });
      operator = await instance.createUser();
      const ran = await runAdminCommand(
        ['operator', '--email', operator.email],
        { pool: environment.pool },
        { info: () => undefined, error: () => undefined },
      );
      expect(ran).toBe(0);
      bus = await createAmqpMessageBus({
        url: readTestServerUrls().amqpUrl,
        connectionName: `${environment.amqpPrefix}operations-test`,
        queues: publicApiPublishedQueues,
        namePrefix: environment.amqpPrefix,
      });
    });
    afterAll(async () => {
      await bus.close();
      for (const server of standIns) {
        server.closeAllConnections();
        server.close();
      }
      await environment.close();
    });

    const get = <T>(path: string, user: TestUser) =>
      instance.api<T>('GET', path, undefined, user.tokens.accessToken);

    it('an operator sees every service up or down with why, the hung one reported down within the probe timeout', async () => {
      const answer = await get<PlatformHealthResponse>('/v1/operations/health', operator);
      expect(answer.status).toBe(200);
      const byName = new Map(answer.body.services.map((service) => [service.name, service]));
      expect(byName.get('public-api')).toMatchObject({
        status: 'up',
        dependencies: expect.arrayContaining([
          { name: 'postgres', status: 'up' },
          { name: 'rabbitmq', status: 'up' },
          { name: 'redis', status: 'up' },
        ]) as unknown,
      });
      expect(byName.get('state-workers')).toEqual({
        name: 'state-workers',
        status: 'up',
        dependencies: [{ name: 'postgres', status: 'up' }],
        memoryBytes: 52_428_800,
        messagesHandled: 42,
      });
      expect(byName.get('alerts')).toEqual({
        name: 'alerts',
        status: 'down',
        reason: 'timed out',
        dependencies: [],
      });
      expect(byName.get('analytics')).toMatchObject({ status: 'down', reason: 'unreachable' });
    });

    it('someone who is not an operator is refused 403, yet may ask whether they are one', async () => {
      const someone = await instance.createUser();
      for (const path of ['/v1/operations/health', '/v1/operations/queues']) {
        const refused = await get<{ code: string }>(path, someone);
        expect([refused.status, refused.body.code]).toEqual([403, 'NOT_OPERATOR']);
      }
      expect((await get<OperatorAccessResponse>('/v1/operations/access', someone)).body).toEqual({
        operator: false,
      });
      expect((await get<OperatorAccessResponse>('/v1/operations/access', operator)).body).toEqual({
        operator: true,
      });
    });

    it('a dead-lettered message is listed with its reason, and is still there after being looked at', async () => {
      const messageId = randomUUID();
      await bus.deadLetter(accountEmailsQueue, {
        body: '{"to": "not an address"}',
        type: 'user.email-verification-requested.v1',
        messageId,
        reason: 'payload failed its schema: /email must match format "email"',
        errorCode: 'MESSAGE_INVALID',
      });
      const readQueue = async () => {
        const answer = await get<QueueOverviewResponse>('/v1/operations/queues?deadLetters=5', operator);
        expect(answer.status).toBe(200);
        return answer.body.queues.find((queue) => queue.name === accountEmailsQueue.name);
      };
      const first = await readQueue();
      expect(first).toMatchObject({ declared: true, deadLetters: 1, consumers: 1 });
      expect(first?.firstDeadLetters).toEqual([
        {
          messageId,
          type: 'user.email-verification-requested.v1',
          reason: 'payload failed its schema: /email must match format "email"',
          errorCode: 'MESSAGE_INVALID',
          attempts: 0,
          failedAt: expect.any(String) as unknown,
        },
      ]);
      const again = await readQueue();
      expect(again).toMatchObject({ deadLetters: 1, firstDeadLetters: first?.firstDeadLetters });
    });

    it('with the join code a person becomes an operator; a wrong code is refused and makes nobody one', async () => {
      const someone = await instance.createUser();
      const post = (code: string) =>
        instance.api<{ code?: string }>('POST', '/v1/operations/join', { code }, someone.tokens.accessToken);
      const wrong = await post(`${joinCode.slice(0, -1)}x`);
      expect([wrong.status, wrong.body.code]).toEqual([403, 'JOIN_CODE_INVALID']);
      expect((await get<OperatorAccessResponse>('/v1/operations/access', someone)).body.operator).toBe(false);
      expect((await post(joinCode)).status).toBe(200);
      expect((await get<PlatformHealthResponse>('/v1/operations/health', someone)).status).toBe(200);
    });
  });
}
