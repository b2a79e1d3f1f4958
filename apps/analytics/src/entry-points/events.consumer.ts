import { analyticsEventsQueue } from '@homeport/contracts';
import type { ConsumeOptions, Consumer, DeliveryMeta, MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type { FactStore, FeatureUseFact } from '../domain/ports';
import { readReadings } from '../domain/readings';
import type { AnalyticsMetrics } from '../metrics';

/** The publisher's stable message id, or a natural key when it gave none (older publishers). */
const messageKey = (kind: string, meta: DeliveryMeta, natural: string) =>
  `${kind}:${meta.messageId === '' ? natural : meta.messageId}`;

/**
 * Consumes analytics.events into facts. Replicas compete and handle the prefetch window side by side: every
 * write is idempotent and independent of order, so neither a redelivery nor a re-publication counts twice.
 */
export function startEventsConsumer(deps: {
  readonly bus: MessageBus;
  readonly facts: FactStore;
  readonly metrics: AnalyticsMetrics;
  readonly logger: Logger;
  readonly options: ConsumeOptions;
}): Promise<Consumer> {
  const { facts, metrics, logger } = deps;
  const record = async (type: string, work: Promise<void>) => {
    try {
      await work;
      metrics.events.inc({ type });
    } catch (error) {
      // The bus retries the event, then dead-letters it; the log says why.
      metrics.failures.inc({ type });
      logger.warn({ err: error, type }, 'recording an event failed');
      throw error;
    }
  };
  /** A state change or telemetry that state-workers stored, with the firmware and battery it says. */
  const recordStored = (
    kind: 'state' | 'telemetry',
    device: { readonly vendorId: string; readonly deviceId: string },
    meta: DeliveryMeta,
    reading: { readonly at: number; readonly natural: string; readonly values: Record<string, unknown> },
  ) =>
    record(
      meta.type,
      facts.recordMessage(
        {
          messageId: messageKey(kind, meta, reading.natural),
          vendorId: device.vendorId,
          deviceId: device.deviceId,
          kind,
          at: new Date(reading.at),
        },
        readReadings(reading.values),
      ),
    );
  return deps.bus.consume(
    analyticsEventsQueue,
    {
      'device.registered.v1': (event, meta) =>
        record(meta.type, facts.recordRegistration({ ...event, at: new Date(event.registeredAt) })),
      'device.deleted.v1': (event, meta) =>
        record(meta.type, facts.recordDeletion({ ...event, at: new Date(event.deletedAt) })),
      'device.credential-issued.v1': (event, meta) =>
        record(meta.type, facts.recordCredential({ ...event, at: new Date(event.issuedAt) })),
      'device.changed.v1': (event, meta) => {
        // Only ownership changes that say the new owner, and desired changes that say their properties,
        // count; those published before these fields existed cannot.
        if (event.change === 'ownership' && event.ownerId !== undefined)
          return record(
            meta.type,
            facts.recordOwner({
              deviceId: event.deviceId,
              ownerId: event.ownerId,
              at: new Date(event.changedAt),
            }),
          );
        if (event.change === 'desired' && event.properties !== undefined) {
          const change = messageKey('desired', meta, `${event.deviceId}/${event.changedAt}`);
          const uses = event.properties.map((name): FeatureUseFact => ({
            useId: `${change}:${name}`,
            vendorId: event.vendorId,
            deviceId: event.deviceId,
            kind: 'desired',
            name,
            source: event.source ?? 'unknown',
            at: new Date(event.changedAt),
          }));
          return record(meta.type, facts.recordFeatureUses(uses));
        }
        return Promise.resolve();
      },
      'device.command-finished.v1': (event, meta) =>
        record(
          meta.type,
          facts.recordFeatureUses([
            {
              // A command finishes once: its id is the natural key, whatever the message id.
              useId: `command:${event.commandId}`,
              vendorId: event.vendorId,
              deviceId: event.deviceId,
              kind: 'command',
              name: event.name,
              source: event.source ?? 'unknown',
              at: new Date(event.finishedAt),
            },
          ]),
        ),
      'device.presence.v1': (event, meta) =>
        record(
          meta.type,
          facts.recordPresence({
            vendorId: event.vendorId,
            deviceId: event.deviceId,
            online: event.status === 'online',
            at: new Date(event.at),
          }),
        ),
      'device.state-changed.v1': (event, meta) => {
        const at = event.receivedAt ?? event.reportedAt;
        const natural = `${event.deviceId}/${at}/${event.seq ?? ''}`;
        return recordStored('state', event, meta, { at, natural, values: event.state });
      },
      'device.telemetry-recorded.v1': (event, meta) =>
        recordStored('telemetry', event, meta, {
          at: event.at,
          natural: `${event.deviceId}/${event.at}`,
          values: event.metrics,
        }),
      'device.event.v1': (event, meta) =>
        record(
          meta.type,
          facts.recordMessage(
            {
              // The envelope's id: unique per device message, the same on every re-send.
              messageId: `event:${event.messageId}`,
              vendorId: event.vendorId,
              deviceId: event.deviceId,
              kind: 'event',
              eventName: event.payload.event,
              severity: event.payload.severity ?? 'info',
              at: new Date(event.receivedAt),
            },
            {},
          ),
        ),
      'alert.fired.v1': (event, meta) =>
        record(
          meta.type,
          facts.recordAlert({
            alertId: event.alertId,
            vendorId: event.vendorId,
            deviceId: event.deviceId,
            ruleId: event.ruleId,
            ruleName: event.ruleName,
            firedAt: new Date(event.firedAt),
          }),
        ),
    },
    deps.options,
  );
}
