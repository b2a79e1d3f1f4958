import { AppError } from '@homeport/errors';
import { isError } from './is-error';

// SQLSTATE codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
const conflictCodes: Readonly<Record<string, string>> = {
  '23505': 'UNIQUE_VIOLATION',
  '23503': 'FOREIGN_KEY_VIOLATION',
  // Deleting a row that an ON DELETE RESTRICT key still references: restrict_violation from PostgreSQL 18 on
  // (PGlite 0.5 is 18.6), foreign_key_violation before. One meaning, so one code for callers to explain.
  '23001': 'FOREIGN_KEY_VIOLATION',
};

/**
 * After these the same statement may succeed later: connection exception (class 08), insufficient
 * resources (53), serialization failure, deadlock, statement timeout, server shutting down or starting.
 */
const unavailableClasses = ['08', '53'];
const unavailableCodes = ['40001', '40P01', '57014', '57P01', '57P02', '57P03', '57P05'];

/** Errors of Node's socket layer, and pg's own messages, that mean the server could not be reached. */
const connectionErrorCodes = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
];
const connectionErrorMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
];

function readString(error: object, key: string): string | undefined {
  const value = (error as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

function isUnavailable(error: Error): boolean {
  const code = readString(error, 'code') ?? '';
  if (unavailableCodes.includes(code)) return true;
  if (/^[0-9A-Z]{5}$/.test(code)) return unavailableClasses.some((prefix) => code.startsWith(prefix));
  if (connectionErrorCodes.includes(code)) return true;
  const nested = (error as { errors?: unknown }).errors; // AggregateError: one per address tried
  if (Array.isArray(nested)) return nested.some((e) => isError(e) && isUnavailable(e));
  return connectionErrorMessages.some((message) => error.message.includes(message));
}

/**
 * Translates an error thrown by pg, PGlite or node-pg-migrate into an AppError: a unique or foreign-key
 * violation (a key pointing nowhere, or a delete a RESTRICT key forbids) becomes `conflict` (details carry the constraint and table), a server that is away, shutting down,
 * overloaded or asks for a retry (serialization failure, deadlock) becomes `unavailable`. Any other
 * Error is returned unchanged: it is a bug to surface, not to disguise. Use as `throw translatePostgresError(e)`.
 */
export function translatePostgresError(error: unknown): Error {
  if (error instanceof AppError) return error;
  if (!isError(error)) {
    return new AppError('internal', 'DATABASE_ERROR', 'a non-Error value was thrown', { cause: error });
  }
  const conflictCode = conflictCodes[readString(error, 'code') ?? ''];
  if (conflictCode !== undefined) {
    const details = { constraint: readString(error, 'constraint'), table: readString(error, 'table') };
    return new AppError('conflict', conflictCode, error.message, { details, cause: error });
  }
  if (isUnavailable(error)) {
    return new AppError('unavailable', 'DATABASE_UNAVAILABLE', `database unavailable: ${error.message}`, {
      cause: error,
    });
  }
  return error;
}

/**
 * True for an error caused by a statement's data rather than by the server: a data exception (class 22: a
 * number out of a column's range, a string jsonb cannot hold such as one with a NUL) or a program limit
 * (class 54: a value too large for an index, a document nested too deep). The same data will fail again,
 * so the item that carries it is refused (AppError `invalid`) rather than retried.
 */
export function isPostgresDataError(error: unknown): boolean {
  const code = isError(error) ? readString(error, 'code') : undefined;
  return code !== undefined && /^(22|54)[0-9A-Z]{3}$/.test(code);
}
