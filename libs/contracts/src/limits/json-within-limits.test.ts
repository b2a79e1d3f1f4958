import { findJsonDepthViolation } from './json-depth';
import { readJsonWithinLimits } from './json-within-limits';

const hostile = (levels: number): string =>
  `{"seq":1,"ts":1763719200000,"state":{"a":${'['.repeat(levels)}${']'.repeat(levels)}}}`;

describe('reading JSON within the limits', () => {
  it('the payload of issue 13 (5,000 nested arrays) is refused on its raw text, with where', () => {
    const reading = readJsonWithinLimits(hostile(5000));
    expect(reading).toEqual({
      ok: false,
      kind: 'beyond_limits',
      violation: {
        code: 'PAYLOAD_TOO_DEEP',
        path: `/state/a${'/0'.repeat(14)}`,
        message: `/state/a${'/0'.repeat(14)}: nesting deeper than 16`,
      },
    });
  });

  it('a million levels cost one pass over the text', () => {
    expect(findJsonDepthViolation('['.repeat(1_000_000), 16)?.code).toBe('PAYLOAD_TOO_DEEP');
  });

  it('brackets, quotes and escapes inside strings do not count as nesting', () => {
    const text = JSON.stringify({ a: '[[[[{{{{\\"[[[[', 'k"[{': ['x]]]'] });
    expect(findJsonDepthViolation(text, 2)).toBeUndefined();
    expect(readJsonWithinLimits(text)).toMatchObject({ ok: true });
  });

  it('the path names the index of an array element and an escaped property name', () => {
    const text = '{"list":[1,2,{"a\\/b":[[]]}]}';
    expect(findJsonDepthViolation(text, 4)?.message).toBe('/list/2/a~1b/0: nesting deeper than 4');
  });

  it('text that is not JSON is told apart from JSON beyond a limit', () => {
    expect(readJsonWithinLimits('not json {')).toMatchObject({ ok: false, kind: 'not_json' });
    expect(readJsonWithinLimits('{"__proto__":{"x":1}}')).toMatchObject({
      ok: false,
      kind: 'beyond_limits',
      violation: { code: 'PAYLOAD_FORBIDDEN_KEY' },
    });
  });

  it('a value within every limit is returned parsed', () => {
    expect(readJsonWithinLimits('{"state":{"t":21.5}}')).toEqual({ ok: true, value: { state: { t: 21.5 } } });
  });
});
