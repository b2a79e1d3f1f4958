import fc from 'fast-check';

/** The part of JSON Schema (OpenAPI 3.0 and 3.1) that the services' documents use. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: JsonSchema;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly nullable?: boolean;
}

const maxDepth = 4;

/** Formats whose values a handler gets only when they are well formed (public-api's addresses and ids). */
const formatValues: Readonly<Record<string, fc.Arbitrary<string>>> = {
  email: fc.emailAddress(),
  uuid: fc.uuid(),
};

function stringValue(schema: JsonSchema): fc.Arbitrary<string> {
  const formatted = schema.format === undefined ? undefined : formatValues[schema.format];
  if (formatted !== undefined) return formatted;
  if (schema.pattern !== undefined) {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((text) => text.length <= (schema.maxLength ?? 200));
    } catch {
      // a pattern fast-check cannot generate from: plain strings of the right length instead
    }
  }
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 300) });
}

function objectValue(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {});
  const shape = Object.fromEntries(
    entries.map(([name, property]) => [name, schemaValue(property, depth + 1)]),
  );
  const known = fc.record(shape, {
    requiredKeys: entries.map(([name]) => name).filter((name) => required.has(name)),
  });
  const extra = schema.additionalProperties;
  if (extra === undefined || extra === false || entries.length > 0) return known;
  const values = extra === true ? fc.jsonValue({ maxDepth: 2 }) : schemaValue(extra, depth + 1);
  return fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), values, { maxKeys: 8 });
}

/** Values that (mostly) satisfy `schema`: the "valid-ish" requests, which reach the handlers. */
export function schemaValue(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > maxDepth) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives !== undefined && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((alternative) => schemaValue(alternative, depth + 1)));
  }
  const type = typeof schema.type === 'string' ? schema.type : schema.type?.[0];
  const value = typedValue(schema, type, depth);
  return schema.nullable === true ? fc.option(value, { nil: null }) : value;
}

function typedValue(schema: JsonSchema, type: string | undefined, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringValue(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaValue(schema.items ?? {}, depth + 1), {
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'object':
      return objectValue(schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
