import {
  devicePayloadLimits,
  findPayloadLimitViolation,
  findStateBudgetViolation,
  maxDeviceStateBytes,
  type PayloadLimits,
} from './payload-limits';

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = [value];
  return value;
};

describe('payload limits on a parsed value', () => {
  it('a realistic reported state is within every limit', () => {
    const report = {
      seq: 7,
      ts: 1763719200000,
      state: { temperature: 21.5, mode: 'heat', schedule: [{ at: '07:00', setpoint: 21 }], eco: false },
    };
    expect(findPayloadLimitViolation(report)).toBeUndefined();
  });

  it('nesting one level deeper than the limit is refused with the path of the container too deep', () => {
    expect(findPayloadLimitViolation({ state: { a: nested(14) } })).toBeUndefined();
    expect(findPayloadLimitViolation({ state: { a: nested(15) } })).toEqual({
      code: 'PAYLOAD_TOO_DEEP',
      path: `/state/a${'/0'.repeat(14)}`,
      message: `/state/a${'/0'.repeat(14)}: nesting deeper than 16`,
    });
  });

  it('50,000 levels are refused without exhausting the stack', () => {
    expect(findPayloadLimitViolation(nested(50_000))?.code).toBe('PAYLOAD_TOO_DEEP');
  });

  it('an object with more properties than the limit is refused', () => {
    const many = Object.fromEntries(Array.from({ length: 257 }, (_, index) => [`p${index}`, index]));
    expect(findPayloadLimitViolation({ state: many })).toMatchObject({
      code: 'PAYLOAD_TOO_MANY_PROPERTIES',
      message: '/state: more than 256 properties',
    });
  });

  it('an array longer than the limit is refused', () => {
    expect(findPayloadLimitViolation({ state: { log: new Array(1025).fill(0) } })).toMatchObject({
      code: 'PAYLOAD_ARRAY_TOO_LONG',
      path: '/state/log',
    });
  });

  it('more values in all than the limit are refused even when each container is within its own', () => {
    const limits: PayloadLimits = { ...devicePayloadLimits, maxTotalValues: 10 };
    const value = { a: [1, 2, 3, 4], b: [1, 2, 3, 4, 5] };
    expect(findPayloadLimitViolation(value, limits)).toMatchObject({ code: 'PAYLOAD_TOO_MANY_VALUES' });
  });

  it('a string longer than the limit, or with a NUL, is refused', () => {
    expect(findPayloadLimitViolation({ note: 'x'.repeat(4097) })).toMatchObject({
      code: 'PAYLOAD_STRING_TOO_LONG',
      message: '/note: string longer than 4096',
    });
    expect(findPayloadLimitViolation({ note: 'a\u0000b' })).toMatchObject({
      code: 'PAYLOAD_NUL_CHARACTER',
      path: '/note',
    });
  });

  it('a property name too long, with a NUL, or meaningful to JavaScript objects is refused', () => {
    expect(findPayloadLimitViolation({ ['k'.repeat(129)]: 1 })).toMatchObject({
      code: 'PAYLOAD_KEY_TOO_LONG',
    });
    expect(findPayloadLimitViolation({ 'a\u0000': 1 })).toMatchObject({ code: 'PAYLOAD_NUL_CHARACTER' });
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const parsed = JSON.parse(`{"state":{"${key}":{"admin":true}}}`) as unknown;
      expect(findPayloadLimitViolation(parsed)).toEqual({
        code: 'PAYLOAD_FORBIDDEN_KEY',
        path: `/state/${key}`,
        message: `/state/${key}: property name ${key} is not allowed`,
      });
    }
  });

  it('a number that JSON.parse turned into Infinity is refused', () => {
    expect(findPayloadLimitViolation(JSON.parse('{"t":[1e999]}'))).toMatchObject({
      code: 'PAYLOAD_NUMBER_NOT_FINITE',
      path: '/t/0',
    });
  });

  it('a path segment holding / or ~ is escaped as a JSON Pointer', () => {
    expect(findPayloadLimitViolation({ 'a/b~c': 'x'.repeat(5000) })?.path).toBe('/a~1b~0c');
  });
});

describe('state budget', () => {
  it('a state of exactly the budget passes; one byte more is refused with its size', () => {
    const overhead = JSON.stringify({ blob: '' }).length;
    const exact = { blob: 'x'.repeat(maxDeviceStateBytes - overhead) };
    expect(findStateBudgetViolation(exact)).toBeUndefined();
    expect(findStateBudgetViolation({ blob: `${exact.blob}x` })).toEqual({
      code: 'DEVICE_STATE_TOO_LARGE',
      path: '',
      message: `/: state of ${maxDeviceStateBytes + 1} bytes exceeds the budget of ${maxDeviceStateBytes}`,
    });
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(findStateBudgetViolation({ s: 'é'.repeat(10) }, 20)?.code).toBe('DEVICE_STATE_TOO_LARGE');
  });
});
