import type { TSchema } from 'typebox';
import { compileValidator } from '../validation';
import {
  LiveAlertEvent,
  LiveAlertFlappingEvent,
  LivePresenceEvent,
  LiveResyncEvent,
  LiveStateChangedEvent,
  LiveStreamQuery,
} from './public-api-live';

describe("public-api's live stream contracts", () => {
  it.each([
    ['LiveStreamQuery', LiveStreamQuery],
    ['LiveStateChangedEvent', LiveStateChangedEvent],
    ['LivePresenceEvent', LivePresenceEvent],
    ['LiveResyncEvent', LiveResyncEvent],
    ['LiveAlertEvent', LiveAlertEvent],
    ['LiveAlertFlappingEvent', LiveAlertFlappingEvent],
  ] as const)(
    'the examples of %s validate against it',
    (_name, schema: TSchema & { examples?: unknown[] }) => {
      expect(schema.examples?.length).toBeGreaterThan(0);
      const validator = compileValidator(schema);
      for (const example of schema.examples ?? []) expect(validator.explain(example)).toEqual([]);
    },
  );
});
