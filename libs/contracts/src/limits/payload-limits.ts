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

/**
 * Walks a parsed JSON value and returns the first limit it is beyond, or undefined. Bounded: it stops at the
 * first violation, never descends deeper than `maxDepth` (so its recursion is at most that deep, whatever
 * the value) nor visits more than `maxTotalValues` values, so hostile input costs at most that much.
 */
export function findPayloadLimitViolation(
  value: unknown,
  limits: PayloadLimits = devicePayloadLimits,
): PayloadLimitViolation | undefined {
  return new LimitWalk(limits).visit(value, 0);
}

/**
 * One walk: the path of the value being visited is one array pushed and popped, copied only into a
 * violation. The walk runs for every device payload and every queue message: an object per value and an
 * array per entry (the explicit stack it replaced) were most of its cost and a share of the GC.
 * Containers are visited before their children and children last to first (the order the stack had).
 */
class LimitWalk {
  private readonly path: (string | number)[] = [];
  private values = 0;
  // A field, not a parameter property: scripts/ compiles this file (through storage) with erasableSyntaxOnly.
  private readonly limits: PayloadLimits;

  constructor(limits: PayloadLimits) {
    this.limits = limits;
  }

  visit(value: unknown, depth: number): PayloadLimitViolation | undefined {
    if (typeof value !== 'object' || value === null) return this.checkScalar(value);
    const { limits } = this;
    if (depth + 1 > limits.maxDepth)
      return this.violation('PAYLOAD_TOO_DEEP', `nesting deeper than ${limits.maxDepth}`);
    if (Array.isArray(value)) return this.visitArray(value as unknown[], depth + 1);
    return this.visitObject(value as Record<string, unknown>, depth + 1);
  }

  private visitArray(array: readonly unknown[], depth: number): PayloadLimitViolation | undefined {
    const { limits } = this;
    if (array.length > limits.maxArrayLength) {
      return this.violation('PAYLOAD_ARRAY_TOO_LONG', `more than ${limits.maxArrayLength} elements`);
    }
    const tooMany = this.count(array.length);
    if (tooMany !== undefined) return tooMany;
    for (let index = array.length - 1; index >= 0; index -= 1) {
      this.path.push(index);
      const found = this.visit(array[index], depth);
      this.path.pop();
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private visitObject(object: Record<string, unknown>, depth: number): PayloadLimitViolation | undefined {
    const { limits } = this;
    const keys = Object.keys(object);
    if (keys.length > limits.maxObjectProperties) {
      return this.violation(
        'PAYLOAD_TOO_MANY_PROPERTIES',
        `more than ${limits.maxObjectProperties} properties`,
      );
    }
    const tooMany = this.count(keys.length);
    if (tooMany !== undefined) return tooMany;
    for (const key of keys) {
      const found = this.checkKey(key);
      if (found !== undefined) return found;
    }
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index] as string;
      this.path.push(key);
      const found = this.visit(object[key], depth);
      this.path.pop();
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private count(values: number): PayloadLimitViolation | undefined {
    this.values += values;
    if (this.values <= this.limits.maxTotalValues) return undefined;
    return createViolation(
      'PAYLOAD_TOO_MANY_VALUES',
      [],
      `more than ${this.limits.maxTotalValues} values in all`,
    );
  }

  private checkKey(key: string): PayloadLimitViolation | undefined {
    const { maxKeyLength } = this.limits;
    if (key.length > maxKeyLength) {
      return this.keyViolation(key, 'PAYLOAD_KEY_TOO_LONG', `property name longer than ${maxKeyLength}`);
    }
    if (key.includes('\u0000')) {
      return this.keyViolation(key, 'PAYLOAD_NUL_CHARACTER', 'property name contains a NUL character');
    }
    if (forbiddenKeys.has(key)) {
      return this.keyViolation(key, 'PAYLOAD_FORBIDDEN_KEY', `property name ${key} is not allowed`);
    }
    return undefined;
  }

  private checkScalar(value: unknown): PayloadLimitViolation | undefined {
    if (typeof value === 'number') {
      return Number.isFinite(value)
        ? undefined
        : this.violation('PAYLOAD_NUMBER_NOT_FINITE', 'number is not finite');
    }
    if (typeof value !== 'string') return undefined;
    if (value.length > this.limits.maxStringLength) {
      return this.violation('PAYLOAD_STRING_TOO_LONG', `string longer than ${this.limits.maxStringLength}`);
    }
    if (value.includes('\u0000'))
      return this.violation('PAYLOAD_NUL_CHARACTER', 'string contains a NUL character');
    return undefined;
  }

  /** A violation at the value being visited. */
  private violation(code: PayloadLimitCode, what: string): PayloadLimitViolation {
    return createViolation(code, this.path, what);
  }

  /** A violation at a property name of the object being visited (cut to the longest name allowed). */
  private keyViolation(key: string, code: PayloadLimitCode, what: string): PayloadLimitViolation {
    return createViolation(code, [...this.path, key.slice(0, this.limits.maxKeyLength)], what);
  }
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
