/** A refused field, as public-api names it in a 400's `details.fields` (libs/http to-http-error.ts). */
interface RefusedField {
  readonly path: string;
  readonly message: string;
}

function isRefusedField(value: unknown): value is RefusedField {
  const field = value as Partial<RefusedField> | null;
  return typeof field?.path === 'string' && typeof field.message === 'string';
}

/**
 * The messages of a 400 answer by field, to show beside the field they name: `/features/2` is the field
 * `features` when `depth` is 1, `/capabilities/power/property` is `capabilities/power` at depth 2. Empty
 * when the answer names no field.
 */
export function refusedFields(error: unknown, depth = 1): Record<string, string> {
  const details = (error as { details?: { fields?: unknown } } | undefined)?.details;
  const fields = Array.isArray(details?.fields) ? details.fields.filter(isRefusedField) : [];
  const byField: Record<string, string> = {};
  for (const { path, message } of fields) {
    const key = path.split('/').filter(Boolean).slice(0, depth).join('/');
    byField[key] = byField[key] === undefined ? message : `${byField[key]}; ${message}`;
  }
  return byField;
}

/** The feature names typed in one field, separated by commas or spaces, each once, in the typed order. */
export function parseFeatureList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((name) => name !== ''))];
}
