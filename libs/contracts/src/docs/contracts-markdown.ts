import { messageBatchContentType, messageBatchExample } from '../amqp/batch';
import { deadLetterExchange, deadLetterQueueName } from '../amqp/define';
import { allMessages, deviceStateChangedV1 } from '../amqp/messages';
import { allQueues } from '../amqp/queues';
import { deviceTopicCatalog } from '../mqtt/catalog';
import { maxDevicePayloadBytes } from '../mqtt/payloads';
import { buildDeviceTopicFilter, deviceTopicKinds, directionOf } from '../mqtt/topics';

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function example(title: string, value: unknown): string[] {
  return [`**${title}**`, '', '```json', JSON.stringify(value, null, 2), '```', ''];
}

/** A readable summary of the contracts (docs/contracts.md); the AsyncAPI document has the full schemas. */
export function buildContractsMarkdown(): string {
  const exchanges = [
    ...new Map(allMessages.map((message) => [message.exchange.name, message.exchange])).values(),
  ];
  const lines = [
    '# Homeport contracts',
    '',
    'Generated from `libs/contracts` by `npm run docs`; do not edit. Full schemas: [asyncapi.json](asyncapi.json).',
    '',
    '## MQTT device topics',
    '',
    `Payloads are JSON, at most ${maxDevicePayloadBytes} bytes. \`+\` stands for vendorId, deviceId (and commandId).`,
    '',
    ...table(
      ['kind', 'topic', 'direction', 'purpose'],
      deviceTopicKinds.map((kind) => [
        kind,
        `\`${buildDeviceTopicFilter(kind)}\``,
        directionOf(kind),
        deviceTopicCatalog[kind].description,
      ]),
    ),
    '',
    '## AMQP exchanges',
    '',
    ...table(
      ['exchange', 'type', 'purpose'],
      [...exchanges, deadLetterExchange].map((exchange) => [
        `\`${exchange.name}\``,
        exchange.type,
        exchange.description,
      ]),
    ),
    '',
    '## AMQP messages',
    '',
    'The AMQP `type` property and the routing key are both `<name>.v<version>`; a breaking change adds a new version.',
    `A body is the JSON payload (content type \`application/json\`), or, with content type \`${messageBatchContentType}\`, several messages of that type: \`{ "items": [{ messageId, timestamp?, headers?, payload }] }\`. Consumers handle (and retry or dead-letter) each item as its own message.`,
    '',
    ...table(
      ['type', 'exchange', 'purpose'],
      allMessages.map((message) => [
        `\`${message.type}\``,
        `\`${message.exchange.name}\``,
        message.description,
      ]),
    ),
    '',
    '## Work queues',
    '',
    ...table(
      ['queue', 'accepts', 'dead letters'],
      allQueues.map((queue) => [
        `\`${queue.name}\``,
        queue.messages.map((message) => `\`${message.type}\``).join(', '),
        `\`${deadLetterQueueName(queue)}\``,
      ]),
    ),
    '',
    '## Examples',
    '',
    ...deviceTopicKinds.flatMap((kind) => example(`MQTT ${kind}`, deviceTopicCatalog[kind].example)),
    ...allMessages.flatMap((message) => example(message.type, message.example)),
    ...example(`a batch of ${deviceStateChangedV1.type}`, messageBatchExample),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
