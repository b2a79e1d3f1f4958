import type { ExchangeContract, MessageContract, QueueContract } from '../amqp/define';
import { deadLetterExchange, deadLetterQueueName } from '../amqp/define';
import { allMessages } from '../amqp/messages';
import { allQueues } from '../amqp/queues';
import { deviceTopicCatalog } from '../mqtt/catalog';
import { buildDeviceTopicFilter, directionOf, deviceTopicKinds, type DeviceTopicKind } from '../mqtt/topics';

type Json = Record<string, unknown>;

const idParameter = { description: 'A Homeport id: letters, digits, _ and -.' };

/** The MQTT address with `{param}` placeholders instead of `+` wildcards. */
function mqttAddress(kind: DeviceTopicKind): string {
  const filter = buildDeviceTopicFilter(kind, { vendorId: '{vendorId}', deviceId: '{deviceId}' });
  return filter.replace('/+', '/{commandId}');
}

function mqttChannel(kind: DeviceTopicKind): Json {
  const address = mqttAddress(kind);
  const parameters: Json = { vendorId: idParameter, deviceId: idParameter };
  if (address.includes('{commandId}')) parameters.commandId = idParameter;
  return {
    address,
    title: `MQTT ${kind}`,
    description: deviceTopicCatalog[kind].description,
    servers: [{ $ref: '#/servers/mqtt' }],
    parameters,
    messages: { [kind]: { $ref: `#/components/messages/mqtt.${kind}` } },
  };
}

function exchangeBinding(exchange: ExchangeContract): Json {
  return { name: exchange.name, type: exchange.type, durable: true, autoDelete: false, vhost: '/' };
}

function amqpMessageChannel(message: MessageContract): Json {
  const routedBySubkey = message.routingKeyOf !== undefined;
  const address = routedBySubkey ? `${message.routingKey}.{subkey}` : message.routingKey;
  return {
    address,
    title: `${message.exchange.name} ${address}`,
    description: message.description,
    ...(routedBySubkey && {
      parameters: {
        subkey: { description: 'The routing subkey of the payload (its description says which field).' },
      },
    }),
    servers: [{ $ref: '#/servers/rabbitmq' }],
    messages: { [message.type]: { $ref: `#/components/messages/${message.type}` } },
    bindings: {
      amqp: { is: 'routingKey', exchange: exchangeBinding(message.exchange), bindingVersion: '0.3.0' },
    },
  };
}

function amqpQueueChannel(queue: QueueContract): Json {
  return {
    address: queue.name,
    title: `queue ${queue.name}`,
    description: `${queue.description} Rejected messages go to ${deadLetterQueueName(queue)} via ${deadLetterExchange.name}.`,
    servers: [{ $ref: '#/servers/rabbitmq' }],
    messages: Object.fromEntries(
      queue.messages.map((message) => [message.type, { $ref: `#/components/messages/${message.type}` }]),
    ),
    bindings: {
      amqp: {
        is: 'queue',
        queue: { name: queue.name, durable: true, exclusive: false, autoDelete: false, vhost: '/' },
        bindingVersion: '0.3.0',
      },
    },
  };
}

function operations(): Json {
  const entries: [string, Json][] = [];
  for (const kind of deviceTopicKinds) {
    const action = directionOf(kind) === 'cloudToDevice' ? 'send' : 'receive';
    entries.push([`mqtt.${kind}`, { action, channel: { $ref: `#/channels/mqtt.${kind}` } }]);
  }
  for (const message of allMessages) {
    entries.push([
      `publish.${message.type}`,
      { action: 'send', channel: { $ref: `#/channels/${message.type}` } },
    ]);
  }
  for (const queue of allQueues) {
    entries.push([
      `consume.${queue.name}`,
      { action: 'receive', channel: { $ref: `#/channels/queue.${queue.name}` } },
    ]);
  }
  return Object.fromEntries(entries);
}

function componentMessages(): Json {
  const mqtt = deviceTopicKinds.map((kind): [string, Json] => [
    `mqtt.${kind}`,
    {
      name: kind,
      contentType: 'application/json',
      payload: deviceTopicCatalog[kind].schema,
      examples: [{ payload: deviceTopicCatalog[kind].example }],
    },
  ]);
  const amqp = allMessages.map((message): [string, Json] => [
    message.type,
    {
      name: message.type,
      title: message.name,
      summary: message.description,
      contentType: 'application/json',
      payload: message.schema,
      examples: [{ payload: message.example }],
      bindings: { amqp: { messageType: message.type, bindingVersion: '0.3.0' } },
    },
  ]);
  return Object.fromEntries([...mqtt, ...amqp]);
}

/** The AsyncAPI 3.0 document of every device topic and AMQP message, generated from the contracts. */
export function buildAsyncApiDocument(version: string): Json {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Homeport messaging contracts',
      version,
      description:
        'Device MQTT topics (broker-api) and internal RabbitMQ exchanges and queues. Generated; do not edit.',
    },
    servers: {
      mqtt: {
        host: 'broker-api:1883',
        protocol: 'mqtt',
        description: 'Homeport device broker (also MQTTS, WS).',
      },
      rabbitmq: { host: 'rabbitmq:5672', protocol: 'amqp', description: 'Internal work queues and events.' },
    },
    channels: Object.fromEntries([
      ...deviceTopicKinds.map((kind) => [`mqtt.${kind}`, mqttChannel(kind)]),
      ...allMessages.map((message) => [message.type, amqpMessageChannel(message)]),
      ...allQueues.map((queue) => [`queue.${queue.name}`, amqpQueueChannel(queue)]),
    ]),
    operations: operations(),
    components: { messages: componentMessages() },
  };
}
