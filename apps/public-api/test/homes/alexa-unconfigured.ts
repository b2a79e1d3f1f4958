import { alexaChangeReportsQueue, type QueueContract } from '@homeport/contracts';
import { createAmqpMessageBus, type MessageBus } from '@homeport/messaging';
import { readTestServerUrls, waitForValue } from '@homeport/testing';
import { type SharedTestEnvironment, type TestEnvironment } from '../support/environment';

export function describeAlexaUnconfigured(shared: SharedTestEnvironment): void {
  describe('public-api without Alexa configured (no Login with Amazon client)', () => {
    let environment: TestEnvironment;
    const buses: MessageBus[] = [];

    /** A bus on the suite's AMQP names, declaring `queues` as a service's bus would. */
    const openBus = async (queues: readonly QueueContract[]) => {
      const bus = await createAmqpMessageBus({
        url: readTestServerUrls().amqpUrl,
        connectionName: `${environment.amqpPrefix}alexa-unconfigured-${buses.length}`,
        queues,
        namePrefix: environment.amqpPrefix,
      });
      buses.push(bus);
      return bus;
    };

    beforeAll(() => {
      environment = shared.begin();
    });

    afterAll(async () => {
      for (const bus of buses) await bus.close();
      await environment.close();
    });

    it('does not declare the ChangeReport queue, so homeport.events routes it nothing, and reads one left from before', async () => {
      await environment.startInstance();
      const observer = await openBus([]);
      expect(await observer.inspectQueue(alexaChangeReportsQueue)).toBeUndefined();

      // A queue declared while the skill was configured (its bus declared it) is still read by a replica
      // started without the client, so that it does not fill.
      await openBus([alexaChangeReportsQueue]);
      await environment.startInstance();
      const stats = await waitForValue(async () => {
        const queue = await observer.inspectQueue(alexaChangeReportsQueue);
        return queue !== undefined && queue.consumers > 0 ? queue : undefined;
      }, 'a consumer on the queue left from before');
      expect(stats.consumers).toBe(1);
    });
  });
}
