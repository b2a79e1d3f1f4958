import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { findFreePort, requestJson } from '@homeport/testing';
import type { WebPushSubscription } from '../../src/domain/channels';

/** A real Web Push service for tests: web-push-testing (https://github.com/marc1706/web-push-testing). */
export interface TestWebPushService {
  /** Subscribes a new browser for the application server key; `clientHash` names it to the service. */
  subscribe(applicationServerKey: string): Promise<{ subscription: WebPushSubscription; clientHash: string }>;
  /** The decrypted payloads that reached the subscription, oldest first. */
  readNotifications(clientHash: string): Promise<string[]>;
  /** Makes the push service answer 410 for the subscription from now on. */
  expire(clientHash: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts web-push-testing's server as a child process owned by the test on a free port. Its CLI's `start`
 * detaches the server and records it in a file of the working directory, so the test runs the server script
 * itself and stops it by its own process id.
 */
export async function startWebPushService(): Promise<TestWebPushService> {
  const port = await findFreePort();
  const script = require.resolve('web-push-testing/src/bin/server.js');
  const child: ChildProcess = spawn(process.execPath, [script, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Server running')) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`web-push-testing exited with ${code}`));
    });
  });
  const base = `http://localhost:${port}`;
  return {
    async subscribe(applicationServerKey) {
      const answer = await requestJson<{ data: WebPushSubscription & { clientHash: string } }>(
        base,
        'POST',
        '/subscribe',
        {
          body: { userVisibleOnly: 'true', applicationServerKey },
        },
      );
      const { data } = answer.body;
      const { clientHash, ...subscription } = data;
      return { subscription, clientHash };
    },
    async readNotifications(clientHash) {
      const answer = await requestJson<{ data: { messages: string[] } }>(base, 'POST', '/get-notifications', {
        body: { clientHash },
      });
      return answer.body.data.messages;
    },
    async expire(clientHash) {
      const answer = await fetch(`${base}/expire-subscription/${clientHash}`, { method: 'POST' });
      await answer.text();
      if (answer.status !== 200) throw new Error(`expiring the subscription answered ${answer.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}
