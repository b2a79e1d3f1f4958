import { Type } from 'typebox';
import { Id } from '../ids';
import { RequestSource } from '../request-source';
import { defineMessage } from './define';
import { platformEventsExchange } from './exchanges';

/** A command reached an end: the device acknowledged it with an outcome, or it expired unacknowledged. */
export const deviceCommandFinishedV1 = defineMessage({
  name: 'device.command-finished',
  version: 1,
  exchange: platformEventsExchange,
  schema: Type.Object({
    vendorId: Id,
    deviceId: Id,
    commandId: Id,
    name: Type.String({ minLength: 1, maxLength: 64 }),
    status: Type.Union([
      Type.Literal('done'),
      Type.Literal('failed'),
      Type.Literal('rejected'),
      Type.Literal('expired'),
    ]),
    finishedAt: Type.Integer({ minimum: 0, description: 'Epoch ms (broker-api clock).' }),
    source: Type.Optional(RequestSource),
  }),
  example: {
    vendorId: 'acme',
    deviceId: 'thermostat-0042',
    commandId: 'cmd-5f2a9c0e7b3d41a8',
    name: 'reboot',
    status: 'done',
    finishedAt: 1763719900000,
    source: 'owner',
  },
  description:
    'Published by broker-api once per command: when the device acknowledges it done, failed or rejected, or ' +
    'when it expires unacknowledged (found by a periodic sweep). `accepted` is not an end. `source` was added ' +
    'to v1 as an optional field: consumers that predate it ignore it.',
});
