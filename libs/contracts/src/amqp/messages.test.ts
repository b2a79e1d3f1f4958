import { compileValidator } from '../validation';
import { MessageBatchBody, messageBatchExample } from './batch';
import {
  bindingPatternsOf,
  deadLetterQueueName,
  defineQueue,
  onlySubkeys,
  retryQueueName,
  routingKeyOf,
} from './define';
import { deviceChangedV1 } from './device-lifecycle';
import { allMessages, deviceReportedV1, deviceStateChangedV1 } from './messages';
import { publicApiLiveEventsQueue } from './live-events';
import { alertsDeviceEventsQueue, allQueues, stateWorkersQueue } from './queues';

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

  it('device.changed is routed by its kind of change, and a queue binds every kind or the ones it takes', () => {
    expect(routingKeyOf(deviceChangedV1, deviceChangedV1.example)).toBe('device.changed.v1.desired');
    expect(routingKeyOf(deviceStateChangedV1, deviceStateChangedV1.example)).toBe('device.state-changed.v1');
    expect(bindingPatternsOf(publicApiLiveEventsQueue, deviceChangedV1)).toEqual(['device.changed.v1.#']);
    expect(bindingPatternsOf(alertsDeviceEventsQueue, deviceChangedV1)).toEqual([
      'device.changed.v1.ownership',
    ]);
    expect(bindingPatternsOf(alertsDeviceEventsQueue, deviceStateChangedV1)).toEqual([
      'device.state-changed.v1',
    ]);
  });

  it('a queue may take some subkeys only of its own messages routed by subkey', () => {
    const define = (only: Parameters<typeof onlySubkeys>[0]) => () =>
      defineQueue({
        name: 'test.flips',
        messages: [deviceStateChangedV1],
        only: [onlySubkeys(only, ['x'])],
        description: 'x',
      });
    expect(define(deviceChangedV1)).toThrow('device.changed.v1 is not one of its messages routed by subkey');
    expect(define(deviceStateChangedV1)).toThrow('device.state-changed.v1 is not one of its messages');
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
