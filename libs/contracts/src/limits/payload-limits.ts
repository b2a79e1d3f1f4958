/**
 * One set of limits for every JSON value that enters Homeport from outside (MQTT payloads, HTTP bodies,
 * queue messages), checked before any work is done with it. Each limit bounds the work (and the stack) of
 * what comes after: JSON.stringify, typebox, jsonb and merge patches all recurse on nesting, and a 10 KB
 * payload of 5,000 nested arrays overflowed fan-out's stack (issue 13).
 */
export interface PayloadLimits {
  /** Containers nested in each other, the outermost one counting 1 (`{"state":{"a":[1]}}` is 3 deep). */
  readonly maxDepth: number;
  /** Properties of one object. */
  readonly maxObjectProperties: number;
  /** Elements of one array. */
  readonly maxArrayLength: number;
  /** Object properties and array elements of the whole value together. */
  readonly maxTotalValues: number;
  /** Length of one string value (UTF-16 code units, as JavaScript counts them). */
  readonly maxStringLength: number;
  /** Length of one property name. */
  readonly maxKeyLength: number;
}

/**
 * The limits of a device payload and of a device's state. A reported state is at most 256 properties
 * (`StateProperties`); 16 levels leave a state's values 14 levels of their own; 4,096 characters hold any
 * reasonable text value (a URL, a firmware version string, an error message) while one value cannot fill
 * the payload on its own.
 */
export const devicePayloadLimits: PayloadLimits = {
  maxDepth: 16,
  maxObjectProperties: 256,
  maxArrayLength: 1024,
  maxTotalValues: 8192,
  maxStringLength: 4096,
  maxKeyLength: 128,
};

/**
 * The limits of one message on the bus (an item of a batch counts as one): a device payload in fan-out's
 * envelope (one level deeper), or a state-changed event (a device's state twice: `changed` and `state`).
 */
export const messagePayloadLimits: PayloadLimits = {
  ...devicePayloadLimits,
  maxDepth: devicePayloadLimits.maxDepth + 1,
  maxTotalValues: 2 * devicePayloadLimits.maxTotalValues,
};

/**
 * Bytes a device's whole state (reported, or desired) may take as JSON text (UTF-8). Equal to the largest
 * device payload, so the whole state can always be sent to the device, or announced, in one message.
 */
export const maxDeviceStateBytes = 64 * 1024;

/** Property names that mean something to JavaScript objects: refused anywhere in a payload. */
export const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The stable code of each limit (the AppError code, dead-letter error code, HTTP error code). */
export const payloadLimitCodes = [
  'PAYLOAD_TOO_DEEP',
  'PAYLOAD_TOO_MANY_PROPERTIES',
  'PAYLOAD_ARRAY_TOO_LONG',
  'PAYLOAD_TOO_MANY_VALUES',
  'PAYLOAD_STRING_TOO_LONG',
  'PAYLOAD_KEY_TOO_LONG',
  'PAYLOAD_NUL_CHARACTER',
  'PAYLOAD_FORBIDDEN_KEY',
  'PAYLOAD_NUMBER_NOT_FINITE',
  'PAYLOAD_SEQ_INVALID',
  'PAYLOAD_TS_INVALID',
  'DEVICE_STATE_TOO_LARGE',
] as const;

/** One of `payloadLimitCodes`. */
export type PayloadLimitCode = (typeof payloadLimitCodes)[number];

/** Why a value is beyond a limit: a code, the JSON Pointer where, and a sentence with both. */
export interface PayloadLimitViolation {
  readonly code: PayloadLimitCode;
  /** JSON Pointer (RFC 6901) of the offending value, `` for the whole value. */
  readonly path: string;
  /** e.g. `/state/a/0/0: nesting deeper than 16`. */
  readonly message: string;
}

/** Builds a violation; `segments` is the path from the root. */
export function createViolation(
  code: PayloadLimitCode,
  segments: readonly (string | number)[],
  what: string,
): PayloadLimitViolation {
  const path = segments.map((segment) => `/${escapePointer(String(segment))}`).join('');
  return { code, path, message: `${path || '/'}: ${what}` };
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

interface PendingValue {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: PendingValue | undefined;
  readonly segment: string | number;
}

function pathOf(pending: PendingValue): (string | number)[] {
  const segments: (string | number)[] = [];
  for (let at = pending; at.parent !== undefined; at = at.parent) segments.push(at.segment);
  return segments.reverse();
}

/**
 * Walks a parsed JSON value without recursion and returns the first limit it is beyond, or undefined.
 * Bounded: it stops at the first violation, never descends deeper than `maxDepth` nor visits more than
 * `maxTotalValues` values, so hostile input costs at most that much.
 */
export function findPayloadLimitViolation(
  value: unknown,
  limits: PayloadLimits = devicePayloadLimits,
): PayloadLimitViolation | undefined {
  const stack: PendingValue[] = [{ value, depth: 0, parent: undefined, segment: '' }];
  let values = 0;
  for (let pending = stack.pop(); pending !== undefined; pending = stack.pop()) {
    const found = checkScalar(pending, limits);
    if (found !== undefined) return found;
    const current = pending.value;
    if (typeof current !== 'object' || current === null) continue;
    const depth = pending.depth + 1;
    if (depth > limits.maxDepth) {
      return createViolation('PAYLOAD_TOO_DEEP', pathOf(pending), `nesting deeper than ${limits.maxDepth}`);
    }
    const count = Array.isArray(current) ? current.length : Object.keys(current).length;
    const tooMany = Array.isArray(current)
      ? count > limits.maxArrayLength &&
        createViolation(
          'PAYLOAD_ARRAY_TOO_LONG',
          pathOf(pending),
          `more than ${limits.maxArrayLength} elements`,
        )
      : count > limits.maxObjectProperties &&
        createViolation(
          'PAYLOAD_TOO_MANY_PROPERTIES',
          pathOf(pending),
          `more than ${limits.maxObjectProperties} properties`,
        );
    if (tooMany) return tooMany;
    values += count;
    if (values > limits.maxTotalValues) {
      return createViolation(
        'PAYLOAD_TOO_MANY_VALUES',
        [],
        `more than ${limits.maxTotalValues} values in all`,
      );
    }
    for (const [segment, child] of Array.isArray(current) ? current.entries() : Object.entries(current)) {
      const key = checkKey(segment, pending, limits);
      if (key !== undefined) return key;
      stack.push({ value: child, depth, parent: pending, segment });
    }
  }
  return undefined;
}

function checkKey(
  segment: string | number,
  parent: PendingValue,
  limits: PayloadLimits,
): PayloadLimitViolation | undefined {
  if (typeof segment === 'number') return undefined;
  if (segment.length > limits.maxKeyLength) {
    return createViolation(
      'PAYLOAD_KEY_TOO_LONG',
      keyPath(parent, segment, limits),
      `property name longer than ${limits.maxKeyLength}`,
    );
  }
  if (segment.includes('\u0000')) {
    return createViolation(
      'PAYLOAD_NUL_CHARACTER',
      keyPath(parent, segment, limits),
      'property name contains a NUL character',
    );
  }
  if (forbiddenKeys.has(segment)) {
    return createViolation(
      'PAYLOAD_FORBIDDEN_KEY',
      keyPath(parent, segment, limits),
      `property name ${segment} is not allowed`,
    );
  }
  return undefined;
}

// A function of its own rather than a closure in checkKey: that ran for every key of every payload, and
// each closure cost an allocation and, bundled with keepNames, a defineProperty (3% of fan-out's CPU).
function keyPath(parent: PendingValue, segment: string, limits: PayloadLimits): (string | number)[] {
  return [...pathOf(parent), segment.slice(0, limits.maxKeyLength)];
}

function checkScalar(pending: PendingValue, limits: PayloadLimits): PayloadLimitViolation | undefined {
  const { value } = pending;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return createViolation('PAYLOAD_NUMBER_NOT_FINITE', pathOf(pending), 'number is not finite');
  }
  if (typeof value !== 'string') return undefined;
  if (value.length > limits.maxStringLength) {
    return createViolation(
      'PAYLOAD_STRING_TOO_LONG',
      pathOf(pending),
      `string longer than ${limits.maxStringLength}`,
    );
  }
  if (value.includes('\u0000')) {
    return createViolation('PAYLOAD_NUL_CHARACTER', pathOf(pending), 'string contains a NUL character');
  }
  return undefined;
}

const utf8 = new TextEncoder();

/**
 * Why a device's whole state is beyond the state budget (bytes of its JSON text), or undefined. Call it on
 * a value within the limits only (JSON.stringify recurses).
 */
export function findStateBudgetViolation(
  state: Readonly<Record<string, unknown>>,
  maxBytes = maxDeviceStateBytes,
): PayloadLimitViolation | undefined {
  const bytes = utf8.encode(JSON.stringify(state)).byteLength;
  if (bytes <= maxBytes) return undefined;
  return createViolation(
    'DEVICE_STATE_TOO_LARGE',
    [],
    `state of ${bytes} bytes exceeds the budget of ${maxBytes}`,
  );
}
