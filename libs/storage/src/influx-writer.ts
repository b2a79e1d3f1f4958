import { types } from 'node:util';
import { AppError, isAppError } from '@homeport/errors';
import { currentTime, dateToProtocolTimestamp, type Point } from '@influxdata/influxdb-client';
import {
  buildAuthHeaders,
  buildInfluxUrl,
  postInfluxBody,
  type InfluxConnectionOptions,
} from './influx-http';

/** Unit of the timestamps written. */
export type InfluxPrecision = 's' | 'ms' | 'us' | 'ns';

/** Settings of an InfluxDB writer. */
export interface InfluxWriterOptions extends InfluxConnectionOptions {
  /** Most lines per HTTP request (default 5000); a flush sends as many requests as needed. */
  readonly batchSize?: number;
  /** Unit of point timestamps (default 'ms'); a point without one gets the time of `write`. */
  readonly precision?: InfluxPrecision;
  /** Lines kept while InfluxDB is away before `write` refuses more (default 100000). */
  readonly maxPendingLines?: number;
  /** Retention policy to write into (default: the database's default). */
  readonly retentionPolicy?: string;
}

/** Buffers points in memory and writes them to InfluxDB's v1 API (/write) when flushed. */
export interface InfluxWriter {
  /** Adds points to the buffer; throws AppError `invalid` for a point without a field, `unavailable` when full. */
  write(points: Point | readonly Point[]): void;
  /**
   * Writes every line buffered before the call, and resolves once InfluxDB accepted them (204): only then
   * may a caller acknowledge their source. When InfluxDB is unreachable or answers 5xx, rejects with
   * AppError `unavailable` and keeps the unwritten lines for the next flush. When it refuses a batch
   * (4xx), rejects with `invalid` (or `unauthenticated`/`forbidden`) and drops that batch, which
   * would never be accepted. Concurrent flushes run one after the other.
   */
  flush(): Promise<void>;
  /** Lines buffered and not yet written. */
  readonly pendingLineCount: number;
}

// Precision names of the v1 /write API.
const v1Precision: Record<InfluxPrecision, string> = { s: 's', ms: 'ms', us: 'u', ns: 'n' };

type TimeConverter = (value: string | number | Date | undefined) => string | undefined;

function createTimeConverter(precision: InfluxPrecision): TimeConverter {
  return (value) => {
    if (value === undefined) return currentTime[precision]();
    if (typeof value === 'string') return value === '' ? undefined : value;
    if (types.isDate(value)) return dateToProtocolTimestamp[precision](value);
    return String(Math.floor(value));
  };
}

function toLines(points: Point | readonly Point[], convertTime: TimeConverter): string[] {
  const batch = Array.isArray(points) ? (points as readonly Point[]) : [points as Point];
  return batch.map((point) => {
    const line = point.toLineProtocol({ convertTime });
    if (line === undefined) {
      const message = `a point needs a measurement and a field: ${point.toString()}`;
      throw new AppError('invalid', 'POINT_INVALID', message);
    }
    return line;
  });
}

/**
 * One POST of line protocol to /write per call (lines already built, e.g. by a caller's own serializer),
 * resolving once InfluxDB answered 204. Errors as `flush`: `unavailable` (unreachable, 5xx), `invalid`
 * (refused, with the server's reason), `unauthenticated`/`forbidden`.
 */
export function createInfluxLineSender(
  options: Omit<InfluxWriterOptions, 'batchSize' | 'maxPendingLines'>,
): (lines: readonly string[]) => Promise<void> {
  const precision = options.precision ?? 'ms';
  const params: Record<string, string> = { db: options.database, precision: v1Precision[precision] };
  if (options.retentionPolicy !== undefined) params.rp = options.retentionPolicy;
  const writeUrl = buildInfluxUrl(options.url, 'write', params);
  const headers = { 'content-type': 'text/plain; charset=utf-8', ...buildAuthHeaders(options.auth) };
  return async (lines) => {
    if (lines.length === 0) return;
    await postInfluxBody(writeUrl, headers, lines.join('\n'), options.timeoutMs ?? 10_000);
  };
}

/** Creates a writer; nothing is sent until `flush`. */
export function createInfluxWriter(options: InfluxWriterOptions): InfluxWriter {
  const precision = options.precision ?? 'ms';
  const batchSize = options.batchSize ?? 5000;
  const maxPendingLines = options.maxPendingLines ?? 100_000;
  const convertTime = createTimeConverter(precision);
  const send = createInfluxLineSender({ ...options, precision });
  const lines: string[] = [];
  let previousFlush: Promise<void> = Promise.resolve();

  function write(points: Point | readonly Point[]): void {
    const newLines = toLines(points, convertTime);
    if (lines.length + newLines.length > maxPendingLines) {
      throw new AppError('unavailable', 'INFLUX_BUFFER_FULL', `${lines.length} lines wait for InfluxDB`);
    }
    lines.push(...newLines);
  }

  async function sendPending(): Promise<void> {
    // Only what was buffered when the flush started, so steady writes cannot keep a flush going forever.
    let remaining = lines.length;
    while (remaining > 0) {
      const count = Math.min(batchSize, remaining);
      try {
        await send(lines.slice(0, count));
      } catch (error) {
        if (isAppError(error) && error.kind !== 'unavailable') lines.splice(0, count);
        throw error;
      }
      // write() only appends, so the first `count` lines are still the ones just sent.
      lines.splice(0, count);
      remaining -= count;
    }
  }

  function flush(): Promise<void> {
    const run = previousFlush.then(sendPending);
    previousFlush = run.catch(() => undefined);
    return run;
  }

  return {
    write,
    flush,
    get pendingLineCount() {
      return lines.length;
    },
  };
}
