import { AppError, isAppError } from '@homeport/errors';
import { Point, createInfluxWriter, type InfluxWriterOptions } from '@homeport/storage';
import type { TimeSeriesPoint } from '../domain/ports';
import type { TimeSeriesSink } from './batching-time-series-writer';

/**
 * Writes each batch to InfluxDB's v1 /write in one request (precision ms), through a writer of its own:
 * the shared writer of @homeport/storage keeps unwritten lines for its next flush, which would mix a
 * failed batch into the next one and blur which messages a refusal belongs to.
 */
export function createInfluxTimeSeriesSink(
  options: Omit<InfluxWriterOptions, 'batchSize' | 'precision'>,
): TimeSeriesSink {
  return async (points) => {
    const writer = createInfluxWriter({
      ...options,
      precision: 'ms',
      batchSize: Math.max(points.length, 1),
      maxPendingLines: Math.max(points.length, 1),
    });
    writer.write(points.map(toInfluxPoint));
    try {
      await writer.flush();
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

function toInfluxPoint(point: TimeSeriesPoint): Point {
  const influxPoint = new Point(point.measurement).timestamp(point.timeMs);
  for (const [name, value] of Object.entries(point.tags)) influxPoint.tag(name, value);
  for (const [name, value] of Object.entries(point.fields)) {
    if (typeof value === 'number') influxPoint.floatField(name, value);
    else if (typeof value === 'boolean') influxPoint.booleanField(name, value);
    else influxPoint.stringField(name, value);
  }
  return influxPoint;
}
