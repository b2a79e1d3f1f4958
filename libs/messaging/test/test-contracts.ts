import { defineMessage, defineQueue, type ExchangeContract } from '@homeport/contracts';
import { Type } from 'typebox';

/** Test-only contracts; each suite keeps them apart with its own name prefix. */
export const testExchange: ExchangeContract = {
  name: 'homeport.test',
  type: 'topic',
  description: 'Messages of the messaging tests.',
};

export const readingTaken = defineMessage({
  name: 'test.reading-taken',
  version: 1,
  exchange: testExchange,
  schema: Type.Object({ deviceId: Type.String(), value: Type.Number() }),
  example: { deviceId: 'sensor-1', value: 21.5 },
  description: 'A sensor reading.',
});

export const noteAdded = defineMessage({
  name: 'test.note-added',
  version: 1,
  exchange: testExchange,
  schema: Type.Object({ text: Type.String() }),
  example: { text: 'hello' },
  description: 'A note.',
});

/** A message on an exchange that no test queue consumes. */
export const auditRecorded = defineMessage({
  name: 'test.audit-recorded',
  version: 1,
  exchange: { name: 'homeport.test-audit', type: 'fanout', description: 'Nobody listens.' },
  schema: Type.Object({ action: Type.String() }),
  example: { action: 'login' },
  description: 'An audit record nobody consumes.',
});

export const readingsQueue = defineQueue({
  name: 'test.readings',
  messages: [readingTaken, noteAdded],
  description: 'Readings and notes of the messaging tests.',
});
