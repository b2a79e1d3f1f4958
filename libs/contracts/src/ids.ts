import { Type } from 'typebox';

/**
 * Ids of vendors, products, devices and commands: they appear as MQTT topic levels, so they never contain
 * `/`, `+` or `#` (MQTT 3.1.1 §4.7.1), and are short enough to keep topics small.
 */
export const idPattern = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';

/** Schema of any Homeport id. */
export const Id = Type.String({ pattern: idPattern, description: 'Letters, digits, _ and -; 1-64 chars.' });

const idRegExp = new RegExp(idPattern);

/** True when `value` can be used as an id (and so as one MQTT topic level). */
export function isValidId(value: string): boolean {
  return idRegExp.test(value);
}
