import { Type } from 'typebox';
import type { TSchema } from 'typebox';

/** The schema annotation that marks a setting as secret (its value is never printed). */
export const secretAnnotation = 'secret';

/** Marks a setting as secret: `describeConfigKeys` reports it, and no error ever echoes its value. */
export function markSecret<Schema extends TSchema>(schema: Schema): Schema {
  return Type.With(schema, { [secretAnnotation]: true }) as unknown as Schema;
}

/** True when the setting's schema carries the secret annotation. */
export function isSecretSetting(schema: TSchema): boolean {
  return (schema as Record<string, unknown>)[secretAnnotation] === true;
}
