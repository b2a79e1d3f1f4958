import { defineMessage, defineQueue, onlySubkeys, type ExchangeContract } from '@homeport/contracts';
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

/** A message routed by subkey (its `kind`), as device.changed is. */
export const switchFlipped = defineMessage({
  name: 'test.switch-flipped',
  version: 1,
  exchange: testExchange,
  schema: Type.Object({ kind: Type.Union([Type.Literal('on'), Type.Literal('off')]), at: Type.Number() }),
  example: { kind: 'on', at: 1 },
  description: 'A switch flipped, routed as test.switch-flipped.v1.<kind>.',
  subkey: (payload) => payload.kind,
});

/** Every flip. */
export const allFlipsQueue = defineQueue({
  name: 'test.all-flips',
  messages: [switchFlipped],
  description: 'Every flip of the messaging tests.',
});

/** Flips to `on` only. */
export const onFlipsQueue = defineQueue({
  name: 'test.on-flips',
  messages: [switchFlipped],
  only: [onlySubkeys(switchFlipped, ['on'])],
  description: 'Flips to on of the messaging tests.',
});
