import { compileValidator } from '../validation';
import { MessageBatchBody, messageBatchExample } from './batch';
import { deadLetterQueueName, retryQueueName } from './define';
import { allMessages, deviceReportedV1, deviceStateChangedV1 } from './messages';
import { allQueues, stateWorkersQueue } from './queues';

describe('AMQP message contracts', () => {
  it.each(allMessages.map((message) => [message.type, message] as const))(
    'the %s example validates against its schema',
    (_type, message) => {
      expect(compileValidator(message.schema).explain(message.example)).toEqual([]);
    },
  );

  it('the batch example validates, and each of its items against the schema of the batch type', () => {
    expect(compileValidator(MessageBatchBody).explain(messageBatchExample)).toEqual([]);
    for (const item of messageBatchExample.items) {
      expect(compileValidator(deviceStateChangedV1.schema).explain(item.payload)).toEqual([]);
    }
  });

  it('every message type is unique and versioned in its routing key', () => {
    const types = allMessages.map((message) => message.type);
    expect(new Set(types).size).toBe(types.length);
    expect(deviceReportedV1.type).toBe('device.reported.v1');
    expect(deviceReportedV1.routingKey).toBe('device.reported.v1');
  });

  it('every queue accepts only known message types, and its derived queue names are distinct', () => {
    for (const queue of allQueues) {
      for (const message of queue.messages) expect(allMessages).toContain(message);
    }
    expect(deadLetterQueueName(stateWorkersQueue)).toBe('state-workers.device-messages.dead-letter');
    expect(retryQueueName(stateWorkersQueue, 5000)).toBe('state-workers.device-messages.retry.5000ms');
  });

  it('when an envelope lacks its device id, validation names the field', () => {
    const { deviceId: _omitted, ...withoutDevice } = deviceReportedV1.example;
    expect(compileValidator(deviceReportedV1.schema).explain(withoutDevice).join()).toMatch(/deviceId/);
  });
});
