import { Value } from 'typebox/value';
import type { TSchema } from 'typebox';

/** Outcome of reading one environment string against its setting schema. */
export type SettingResult = { ok: true; value: unknown } | { ok: false; reason: string };

const numberPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const trueWords = new Set(['true', '1']);
const falseWords = new Set(['false', '0']);

/** Reads a JSON-schema keyword off a typebox schema (typebox schemas are plain JSON schema). */
function keyword(schema: TSchema, name: string): unknown {
  return (schema as Record<string, unknown>)[name];
}

/**
 * Converts an environment string to the setting's type. Numbers and booleans are converted strictly
 * (no `"1.5"` -> 1, no `"0x10"` -> 16, no `"yes"` -> true) so a typo fails loudly at start.
 */
function convert(schema: TSchema, raw: string): unknown {
  const type = keyword(schema, 'type');
  if (type === 'string') return raw;
  if (type === 'number' || type === 'integer') {
    return numberPattern.test(raw.trim()) ? Number(raw.trim()) : raw;
  }
  if (type === 'boolean') {
    const word = raw.trim().toLowerCase();
    if (trueWords.has(word)) return true;
    if (falseWords.has(word)) return false;
    return raw;
  }
  return Value.Convert(schema, raw);
}

/** The closed set of values a setting accepts (enum, const, or a union of literals), if it has one. */
function allowedValues(schema: TSchema): unknown[] | undefined {
  const enumeration = keyword(schema, 'enum');
  if (Array.isArray(enumeration)) return enumeration as unknown[];
  if ('const' in schema) return [keyword(schema, 'const')];
  const members = keyword(schema, 'anyOf');
  if (Array.isArray(members) && members.every((member) => typeof member === 'object' && 'const' in member)) {
    return members.map((member) => (member as { const: unknown }).const);
  }
  return undefined;
}

const typeReasons: Record<string, string> = {
  integer: 'not an integer',
  number: 'not a number',
  boolean: 'not a boolean (true, false, 1 or 0)',
};

/** Says why `value` does not fit `schema`, naming the rule and never the value itself (it may be a secret). */
function explain(schema: TSchema, value: unknown): string | undefined {
  const allowed = allowedValues(schema);
  if (allowed !== undefined) {
    return allowed.includes(value) ? undefined : `not one of ${allowed.map(String).join(', ')}`;
  }
  const reasons = Value.Errors(schema, value).map((error) => {
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'type':
        return typeReasons[String(params['type'])] ?? `not a ${String(params['type'])}`;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        return `out of range (must be ${String(params['comparison'])} ${String(params['limit'])})`;
      case 'format':
        return `not a valid ${String(params['format'])}`;
      default:
        return error.message;
    }
  });
  return reasons.length === 0 ? undefined : [...new Set(reasons)].join('; ');
}

/** Converts and validates one environment string against its setting schema. */
export function readSetting(schema: TSchema, raw: string): SettingResult {
  const value = convert(schema, raw);
  const reason = explain(schema, value);
  return reason === undefined ? { ok: true, value } : { ok: false, reason };
}
