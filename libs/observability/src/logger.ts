import { pino, stdSerializers, stdTimeFunctions } from 'pino';
import type { DestinationStream, Level, Logger } from 'pino';

/** The levels a Homeport logger accepts (pino's, plus `silent`). */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of `logLevels`. */
export type LogLevel = Level | 'silent';

/** Options for `createLogger`. */
export interface LoggerOptions {
  /** Name of the service, written on every line as `service`. */
  service: string;
  /** Lowest level written; defaults to `info`. */
  level?: LogLevel;
  /** Where lines go; defaults to stdout. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/** Header values that must never reach the logs. */
const redactedPaths = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'];

/** Creates the JSON logger of a service: one line per event, ISO time, `service` on every line. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: stdTimeFunctions.isoTime,
      // Level as a word: log search tools filter on `level: "error"` more readably than on 50.
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: redactedPaths, censor: '[redacted]' },
    },
    options.destination,
  );
}

/** Serialized form of an error in a log line: pino's standard fields plus AppError's code, kind and details. */
export type SerializedError = ReturnType<typeof stdSerializers.err> & {
  code?: unknown;
  kind?: unknown;
  details?: unknown;
};

/**
 * Serializes any thrown value for logging: message, type, stack and cause chain (pino's standard
 * serializer), keeping `code`, `kind` and `details` of an AppError (or any error carrying them).
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) {
    return error;
  }
  const serialized: SerializedError = stdSerializers.err(error);
  const fields = error as Error & { code?: unknown; kind?: unknown; details?: unknown };
  if (fields.code !== undefined) serialized.code = fields.code;
  if (fields.kind !== undefined) serialized.kind = fields.kind;
  if (fields.details !== undefined) serialized.details = fields.details;
  return serialized;
}

export type { Logger };
