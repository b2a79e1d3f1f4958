import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/** A compiled runtime validator for one schema. */
export interface Validator<S extends TSchema> {
  /** True when `value` matches the schema (narrowing it). */
  isValid(value: unknown): value is Static<S>;
  /** Readable reasons why `value` does not match, e.g. "/state/temperature: must be number"; empty when valid. */
  explain(value: unknown): string[];
}

/** Compiles a schema once; use the validator for every message. */
export function compileValidator<S extends TSchema>(schema: S): Validator<S> {
  const compiled = Compile(schema);
  return {
    isValid: (value): value is Static<S> => compiled.Check(value),
    explain: (value) =>
      compiled.Check(value)
        ? []
        : [...compiled.Errors(value)].map((error) => `${error.instancePath || '/'}: ${error.message}`),
  };
}
