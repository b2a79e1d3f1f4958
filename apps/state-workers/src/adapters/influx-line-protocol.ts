import { AppError } from '@homeport/errors';
import type { TimeSeriesPoint } from '../domain/ports';

// InfluxDB line protocol escapes (docs.influxdata.com, "Line protocol", special characters), as the client's
// `escape` does: measurement `,` and space; tag keys, tag values and field keys `,` `=` and space; string field
// values `"` and `\`. Newlines and tabs are written as `\n`, `\r`, `\t` outside strings.
const measurementSpecial = /[, \n\r\t]/g;
const keySpecial = /[,= \n\r\t]/g;
const stringSpecial = /["\\]/g;
const controlNames: Readonly<Record<string, string>> = { '\n': 'n', '\r': 'r', '\t': 't' };

const escapeWith = (char: string): string => `\\${controlNames[char] ?? char}`;

// Most names need no escape: a scan of char codes finds that for a fraction of a regular expression's cost.
function hasSpecial(text: string, escapesEquals: boolean): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // , space \n \r \t, and = outside measurements
    if (code === 44 || code === 32 || code === 10 || code === 13 || code === 9) return true;
    if (escapesEquals && code === 61) return true;
  }
  return false;
}

const escapeMeasurement = (name: string): string =>
  hasSpecial(name, false) ? name.replace(measurementSpecial, escapeWith) : name;
const escapeKey = (name: string): string =>
  hasSpecial(name, true) ? name.replace(keySpecial, escapeWith) : name;
const quoteString = (value: string): string => `"${value.replace(stringSpecial, (char) => `\\${char}`)}"`;

function formatField(name: string, value: number | boolean | string): string {
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'string') return quoteString(value);
  if (!Number.isFinite(value)) {
    throw new AppError('invalid', 'POINT_INVALID', `field ${name} is not a finite number: ${value}`);
  }
  return String(value);
}

/**
 * A point as one line of InfluxDB's line protocol, timestamp in ms: tags and fields sorted by key (InfluxDB's
 * advice), empty tag values left out (InfluxDB refuses them), numbers as floats. The same line as the client's
 * `Point` (floatField, booleanField, stringField) without building one: a Point copies every tag and field
 * into objects of its own and converts the time through a callback per point.
 */
export function toLineProtocol(point: TimeSeriesPoint): string {
  let line = escapeMeasurement(point.measurement);
  for (const name of Object.keys(point.tags).sort()) {
    const value = point.tags[name];
    if (name !== '' && value !== undefined && value !== '') line += `,${escapeKey(name)}=${escapeKey(value)}`;
  }
  let separator = ' ';
  for (const name of Object.keys(point.fields).sort()) {
    const value = point.fields[name];
    if (name === '' || value === undefined) continue;
    line += `${separator}${escapeKey(name)}=${formatField(name, value)}`;
    separator = ',';
  }
  if (separator === ' ') {
    throw new AppError('invalid', 'POINT_INVALID', `a point of ${point.measurement} has no field`);
  }
  return `${line} ${Math.floor(point.timeMs)}`;
}
