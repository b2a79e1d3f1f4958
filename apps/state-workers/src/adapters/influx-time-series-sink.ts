import { AppError, isAppError } from '@homeport/errors';
import { createInfluxLineSender, type InfluxWriterOptions } from '@homeport/storage';
import type { TimeSeriesSink } from './batching-time-series-writer';
import { toLineProtocol } from './influx-line-protocol';

/**
 * Writes each batch to InfluxDB's v1 /write in one request (precision ms), lines built by `toLineProtocol`.
 * Nothing is kept between batches: a failed batch never mixes into the next one, so a refusal belongs to
 * the messages of its batch.
 */
export function createInfluxTimeSeriesSink(
  options: Omit<InfluxWriterOptions, 'batchSize' | 'precision' | 'maxPendingLines'>,
): TimeSeriesSink {
  const send = createInfluxLineSender({ ...options, precision: 'ms' });
  return async (points) => {
    const lines = points.map(toLineProtocol);
    try {
      await send(lines);
    } catch (error) {
      throw treatCredentialsAsTransient(error);
    }
  };
}

/**
 * Refused credentials are the operator's to fix, not the messages' fault: retried (`unavailable`) rather
 * than dead-lettered at once like data InfluxDB refuses.
 */
function treatCredentialsAsTransient(error: unknown): unknown {
  if (!isAppError(error) || (error.kind !== 'unauthenticated' && error.kind !== 'forbidden')) return error;
  return new AppError('unavailable', error.code, error.message, { details: error.details, cause: error });
}
