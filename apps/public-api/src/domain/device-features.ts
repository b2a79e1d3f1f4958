import { AppError } from '@homeport/errors';

/** One refused part of a request body: where (a JSON pointer, RFC 6901) and why. */
interface FieldRefusal {
  readonly location: 'body';
  readonly path: string;
  readonly message: string;
}

type JsonType = 'null' | 'array' | 'object' | 'number' | 'string' | 'boolean';

const jsonTypeOf = (value: unknown): JsonType =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as JsonType);

const isObject = (value: unknown): value is Record<string, unknown> => jsonTypeOf(value) === 'object';

/** The JSON pointer of `name` below `parent` (RFC 6901 §3: `~` and `/` escaped). */
const pointerTo = (parent: string, name: string) =>
  `${parent}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;

function refuse(code: string, summary: string, fields: FieldRefusal[]): AppError {
  const message = `${summary}: ${fields.map((field) => `${field.path} ${field.message}`).join('; ')}`;
  return new AppError('invalid', code, message, { details: { fields } });
}

/**
 * Values must keep the JSON type the device reports for the property (products list their features by name
 * only, so the device's own reported state is what says a setpoint is a number); objects are compared
 * property by property. null (removal in a merge patch) and properties never reported pass.
 */
function findTypeMismatches(patch: Record<string, unknown>, reported: Record<string, unknown>, at: string) {
  const refusals: FieldRefusal[] = [];
  for (const [name, value] of Object.entries(patch)) {
    const current = reported[name];
    if (value === null || current === undefined || current === null) continue;
    const path = pointerTo(at, name);
    if (isObject(value) && isObject(current)) {
      refusals.push(...findTypeMismatches(value, current, path));
    } else if (jsonTypeOf(value) !== jsonTypeOf(current)) {
      const message = `must be of type ${jsonTypeOf(current)} (the device reports one), not ${jsonTypeOf(value)}`;
      refusals.push({ location: 'body', path, message });
    }
  }
  return refusals;
}

/**
 * A desired state merge patch fits the device: every property is a feature of its product, and every value has
 * the type the device reports for it. Otherwise 400 DESIRED_STATE_INVALID naming each field (JSON pointer).
 */
export function checkDesiredPatch(
  patch: Record<string, unknown>,
  features: readonly string[],
  reported: Record<string, unknown> | undefined,
): void {
  const unknown = Object.keys(patch)
    .filter((name) => !features.includes(name))
    .map((name) => ({
      location: 'body' as const,
      path: pointerTo('', name),
      message: 'is not a feature of the product',
    }));
  const refusals = [...unknown, ...findTypeMismatches(patch, reported ?? {}, '')];
  if (refusals.length > 0)
    throw refuse('DESIRED_STATE_INVALID', 'the desired state does not fit the device', refusals);
}

/** A command is named after a feature of the product; otherwise 400 COMMAND_UNKNOWN naming `/name`. */
export function checkCommandName(name: string, features: readonly string[]): void {
  if (features.includes(name)) return;
  const field = {
    location: 'body' as const,
    path: '/name',
    message: `${name} is not a feature of the product`,
  };
  throw refuse('COMMAND_UNKNOWN', 'the device does not take this command', [field]);
}
