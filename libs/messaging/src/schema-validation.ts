import { compileValidator, type Validator } from '@homeport/contracts';
import type { TSchema } from 'typebox';

/** Tells what is wrong with a value, or undefined when it matches the schema. */
export type FindSchemaErrors = (schema: TSchema, value: unknown) => string | undefined;

/**
 * Validation with one compiled validator per schema (compiling is the slow part). The result lists the
 * instancePath and message of every error, e.g. `/temperature: must be number`.
 */
export function createSchemaValidation(): FindSchemaErrors {
  const validators = new WeakMap<TSchema, Validator<TSchema>>();
  return (schema, value) => {
    let validator = validators.get(schema);
    if (validator === undefined) {
      validator = compileValidator(schema);
      validators.set(schema, validator);
    }
    const reasons = validator.explain(value);
    return reasons.length === 0 ? undefined : reasons.join('; ');
  };
}
