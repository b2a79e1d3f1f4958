import { isJsonObject } from '@homeport/contracts';
import { isDeepStrictEqual } from 'node:util';

/** State properties: property name -> JSON value (contracts' StateProperties). */
export type StateProperties = Record<string, unknown>;

/** Applies a JSON merge patch (RFC 7386): objects merge recursively, null removes, anything else replaces. */
export function applyMergePatch(target: StateProperties, patch: StateProperties): StateProperties {
  const result: StateProperties = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      Reflect.deleteProperty(result, key);
    } else if (isJsonObject(value)) {
      const current = result[key];
      result[key] = applyMergePatch(isJsonObject(current) ? current : {}, value);
    } else {
      result[key] = value;
    }
  }
  return result;
}

/** The desired properties whose value differs from the reported one (all of them when nothing was reported). */
export function computeDelta(
  desired: StateProperties,
  reported: StateProperties | undefined,
): StateProperties {
  return Object.fromEntries(
    Object.entries(desired).filter(([key, value]) => !isDeepStrictEqual(value, reported?.[key])),
  );
}
