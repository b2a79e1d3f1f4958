import { createCallBatcher, queryRows, type NamedStatement, type SqlQueryable } from '@homeport/storage';
import type { DeviceReadings, MessageFact } from '../domain/ports';

const hourMs = 3_600_000;
/** The most messages one batch writes (three statements, whatever the size). */
const maxBatchMessages = 500;
/**
 * Batches written at once. While fewer run, a batch goes at the end of its turn (low load: no wait); at it,
 * messages pile up until one ends, at most `batchMaxWaitMs`: under load a message costs a share of a batch.
 */
const batchesInFlight = 2;
const batchMaxWaitMs = 50;
/**
 * Least time between the starts of two batches that are not full: under load the facts of 0.1 s go in one
 * batch rather than one per slot as soon as it frees. Each statement has a fixed cost besides its rows (about
 * a millisecond on the embedded PGlite, issue 22), and nothing reads these facts sooner than a minute's figure.
 */
const batchSpacingMs = 100;

/** One message and what it said of the device. */
interface MessageRecord {
  readonly message: MessageFact;
  readonly readings: DeviceReadings;
}

// Named: prepared once per connection rather than planned at every batch (on PGlite 0.5-1.9 ms of a batch of
// 10 messages; lost in the rows' cost at 100 and more).
const insertMessagesStatement: NamedStatement = {
  name: 'analytics.insert_device_messages',
  text: `INSERT INTO analytics.device_messages
    (message_id, vendor_id, device_id, kind, event_name, severity, at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
  ON CONFLICT DO NOTHING`,
};

// A version equal to the one known just before it adds nothing (most state changes repeat it). "Just
// before" is the latest of the stored reports at or before it and of the batch's own earlier reports, so the
// batch stores what the reports would store one at a time in the order of their times.
const insertFirmwareStatement: NamedStatement = {
  name: 'analytics.insert_firmware_reports',
  text: `WITH batch AS (
    SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS b(device_id, at, version)
  )
  INSERT INTO analytics.firmware_reports (device_id, at, version)
  SELECT b.device_id, b.at, b.version FROM batch b
  WHERE NOT EXISTS (
    SELECT 1 FROM (
      SELECT c.version FROM (
        (SELECT f.version, f.at FROM analytics.firmware_reports f
          WHERE f.device_id = b.device_id AND f.at <= b.at ORDER BY f.at DESC LIMIT 1)
        UNION ALL
        (SELECT o.version, o.at FROM batch o
          WHERE o.device_id = b.device_id AND o.at < b.at ORDER BY o.at DESC LIMIT 1)
      ) c ORDER BY c.at DESC LIMIT 1
    ) latest WHERE latest.version = b.version)
  ON CONFLICT DO NOTHING`,
};

const upsertBatteryStatement: NamedStatement = {
  name: 'analytics.upsert_battery_readings',
  text: `INSERT INTO analytics.battery_readings (device_id, hour, at, level)
  SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::float8[])
  ON CONFLICT (device_id, hour) DO UPDATE SET at = excluded.at, level = excluded.level
  WHERE battery_readings.at < excluded.at`,
};

/** The latest reading of each device and hour in the batch: one statement may not update a row twice. */
function latestBatteryPerHour(records: readonly MessageRecord[]) {
  const latest = new Map<string, { deviceId: string; hour: Date; at: Date; level: number }>();
  for (const { message, readings } of records) {
    if (readings.battery === undefined) continue;
    const hour = new Date(Math.floor(message.at.getTime() / hourMs) * hourMs);
    const key = `${message.deviceId}\n${hour.getTime()}`;
    const known = latest.get(key);
    if (known === undefined || known.at < message.at)
      latest.set(key, { deviceId: message.deviceId, hour, at: message.at, level: readings.battery });
  }
  return [...latest.values()];
}

async function writeMessages(pool: SqlQueryable, records: readonly MessageRecord[]): Promise<void> {
  const messages = records.map((record) => record.message);
  await queryRows(pool, insertMessagesStatement, [
    messages.map((message) => message.messageId),
    messages.map((message) => message.vendorId),
    messages.map((message) => message.deviceId),
    messages.map((message) => message.kind),
    messages.map((message) => message.eventName ?? null),
    messages.map((message) => message.severity ?? null),
    messages.map((message) => message.at),
  ]);
  const firmware = records.filter((record) => record.readings.firmware !== undefined);
  if (firmware.length > 0)
    await queryRows(pool, insertFirmwareStatement, [
      firmware.map((record) => record.message.deviceId),
      firmware.map((record) => record.message.at),
      firmware.map((record) => record.readings.firmware),
    ]);
  const battery = latestBatteryPerHour(records);
  if (battery.length > 0)
    await queryRows(pool, upsertBatteryStatement, [
      battery.map((reading) => reading.deviceId),
      battery.map((reading) => reading.hour),
      battery.map((reading) => reading.at),
      battery.map((reading) => reading.level),
    ]);
}

/**
 * Records the stored messages that arrive together (the consumer's window handled side by side) with three
 * statements per batch instead of up to three per message: on the embedded database (PGlite, one session
 * in the process's one event loop) these were the largest share of the SQL at any ingest rate. A batch that
 * fails because of one message is split by the batcher until only that message fails.
 */
export function createMessageFactWriter(
  pool: SqlQueryable,
): (message: MessageFact, readings: DeviceReadings) => Promise<void> {
  const record = createCallBatcher<MessageRecord, undefined>({
    maxItems: maxBatchMessages,
    maxInFlight: batchesInFlight,
    maxWaitMs: batchMaxWaitMs,
    minSpacingMs: batchSpacingMs,
    run: async (records) => {
      await writeMessages(pool, records);
      return records.map(() => undefined);
    },
  });
  return (message, readings) => record({ message, readings });
}
