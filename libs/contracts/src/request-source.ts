import { Type, type Static } from 'typebox';

/**
 * Who asked broker-api for a desired change or a command: a home's member through public-api (`owner`), a
 * vendor's back end or member (`vendor`), geofencing's automations (`automation`), a voice assistant through
 * public-api (`assistant`). Analytics splits feature usage by it; absent when the caller did not say (an
 * operator's tool, older callers).
 */
export const RequestSource = Type.Union(
  [Type.Literal('owner'), Type.Literal('vendor'), Type.Literal('automation'), Type.Literal('assistant')],
  { description: 'Who asked: owner, vendor, automation or assistant.' },
);
export type RequestSource = Static<typeof RequestSource>;
