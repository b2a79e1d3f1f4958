import { messageBatchContentType, messageBatchExample } from '../amqp/batch';
import {
  deadLetterExchange,
  deadLetterQueueName,
  type MessageContract,
  type QueueContract,
} from '../amqp/define';
import { allMessages, deviceStateChangedV1 } from '../amqp/messages';
import { allQueues, retiredQueues } from '../amqp/queues';
import { deviceTopicCatalog } from '../mqtt/catalog';
import { deviceTimeWindow } from '../limits/device-clock';
import { devicePayloadLimits, forbiddenKeys, maxDeviceStateBytes } from '../limits/payload-limits';
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
    '## Payload limits',
    '',
    'Checked where a message enters (broker-api MQTT and HTTP, fan-out, every queue consumer), before any work;',
    'a refusal carries the code and the JSON Pointer of the offending value, e.g.',
    '`PAYLOAD_TOO_DEEP` `/state/a/0/0: nesting deeper than 16`. Nesting is checked on the raw text before parsing.',
    '',
    ...table(
      ['limit', 'value', 'code'],
      [
        ['nesting depth (outermost container = 1)', `${devicePayloadLimits.maxDepth}`, 'PAYLOAD_TOO_DEEP'],
        [
          'properties of one object',
          `${devicePayloadLimits.maxObjectProperties}`,
          'PAYLOAD_TOO_MANY_PROPERTIES',
        ],
        ['elements of one array', `${devicePayloadLimits.maxArrayLength}`, 'PAYLOAD_ARRAY_TOO_LONG'],
        [
          'properties and elements in all',
          `${devicePayloadLimits.maxTotalValues}`,
          'PAYLOAD_TOO_MANY_VALUES',
        ],
        ['characters of a string', `${devicePayloadLimits.maxStringLength}`, 'PAYLOAD_STRING_TOO_LONG'],
        ['characters of a property name', `${devicePayloadLimits.maxKeyLength}`, 'PAYLOAD_KEY_TOO_LONG'],
        ['NUL in a string or property name', 'refused', 'PAYLOAD_NUL_CHARACTER'],
        ['property names', [...forbiddenKeys].map((key) => `\`${key}\``).join(', '), 'PAYLOAD_FORBIDDEN_KEY'],
        ['numbers', 'finite', 'PAYLOAD_NUMBER_NOT_FINITE'],
        ['`seq`', 'non-negative safe integer', 'PAYLOAD_SEQ_INVALID'],
        [
          '`ts` (epoch ms)',
          `non-negative safe integer, at most ${deviceTimeWindow.maxAheadMs / 3_600_000} h ahead of its arrival, not before ${new Date(deviceTimeWindow.minTs).toISOString()}`,
          'PAYLOAD_TS_INVALID',
        ],
        ["a device's whole state (JSON text)", `${maxDeviceStateBytes} bytes`, 'DEVICE_STATE_TOO_LARGE'],
      ],
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
    'The AMQP `type` property and the routing key are both `<name>.v<version>`; a breaking change adds a new version. ' +
      'A message routed by subkey is published as `<name>.v<version>.<subkey>` (`device.changed.v1.desired`), so a ' +
      'queue may take some subkeys only (in brackets below).',
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
        queue.messages.map((message) => describeAccepted(queue, message)).join(', '),
        `\`${deadLetterQueueName(queue)}\``,
      ]),
    ),
    '',
    'Retired queues (no longer read; the service named deletes each, with its dead-letter and retry queues, when it connects):',
    '',
    ...table(
      ['queue', 'deleted by', 'why'],
      retiredQueues.map((queue) => [`\`${queue.name}\``, queue.deletedBy, queue.reason]),
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

/** A message a queue accepts, with the subkeys it takes when it takes some only. */
function describeAccepted(queue: QueueContract, message: MessageContract): string {
  const selection = queue.only?.find((only) => only.message === message);
  return selection === undefined
    ? `\`${message.type}\``
    : `\`${message.type}\` (${selection.subkeys.join(', ')})`;
}
