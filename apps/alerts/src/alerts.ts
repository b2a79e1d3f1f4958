import type { Consumer, MessageBus } from '@homeport/messaging';
import type { Logger } from '@homeport/observability';
import type { OutboxStore } from '@homeport/storage';
import { createCachedDevices } from './domain/cached-directory';
import { createDeviceActivity } from './domain/device-activity';
import { createEvaluator } from './domain/evaluator';
import { createAlertHistory, type AlertHistory } from './domain/alert-history';
import type {
  AlertHistoryStore,
  AlertTransitions,
  DeviceDirectory,
  RuleMuteStore,
  RuleStore,
} from './domain/ports';
import { createRuleIndex } from './domain/rule-index';
import { createRuleMutes, type RuleMutes } from './domain/rule-mutes';
import { createRules, type Rules } from './domain/rules';
import { startDeviceEventsConsumer } from './entry-points/device-events.consumer';
import { createAlertSweep } from './entry-points/timers/alert-sweep';
import { createOutboxRelay } from './entry-points/timers/outbox-relay';
import { createRuleReload } from './entry-points/timers/rule-reload';
import type { AlertsMetrics } from './metrics';

/** The implementations alerts runs on (RabbitMQ or the in-process bus; a PostgreSQL server or the embedded one). */
export interface AlertsAdapters {
  readonly bus: MessageBus;
  readonly rules: RuleStore;
  readonly transitions: AlertTransitions;
  readonly history: AlertHistoryStore;
  readonly mutes: RuleMuteStore;
  readonly outbox: OutboxStore;
  readonly directory: DeviceDirectory;
}

/** How the evaluator, the sweeps and the consumer behave. */
export interface AlertsSettings {
  readonly prefetch: number;
  readonly retryDelaysMs: readonly number[];
  readonly sweepIntervalMs: number;
  readonly outboxPollMs: number;
  readonly outboxLeaseMs: number;
  readonly rulesReloadMs: number;
  readonly deviceCacheMs: number;
  readonly verifyAfterMs: number;
  readonly maxDevices: number;
  /** The clock of evaluations and sweeps (default Date.now). */
  readonly now?: () => number;
}

/** The service's domain and entry points over given adapters (no connections of its own). */
export interface Alerts {
  /** The use cases the internal HTTP API serves. */
  readonly rules: Rules;
  readonly history: AlertHistory;
  readonly mutes: RuleMutes;
  /** Loads the rules, starts the sweeps and the relay, then the consumer. */
  start(): Promise<void>;
  /** Stops the consumer (waiting for events in flight), then the sweeps and the relay. */
  stop(): Promise<void>;
}

/** Wires the use cases to the adapters and the entry points to the use cases. */
export function createAlerts(deps: {
  readonly adapters: AlertsAdapters;
  readonly settings: AlertsSettings;
  readonly metrics: AlertsMetrics;
  readonly logger: Logger;
}): Alerts {
  const { adapters, settings, metrics, logger } = deps;
  const now = settings.now ?? Date.now;
  const index = createRuleIndex();
  const activity = createDeviceActivity({ maxDevices: settings.maxDevices });
  const devices = createCachedDevices(adapters.directory, {
    ttlMs: settings.deviceCacheMs,
    maxEntries: settings.maxDevices,
    now,
  });
  const common = { metrics, logger };
  const relay = createOutboxRelay({
    ...common,
    outbox: adapters.outbox,
    bus: adapters.bus,
    intervalMs: settings.outboxPollMs,
    leaseMs: settings.outboxLeaseMs,
    batchSize: 200,
  });
  // Every transition that may have written an event wakes the relay.
  const transitions = wakeAfterWrites(adapters.transitions, () => {
    relay.trigger();
  });
  const evaluator = createEvaluator({
    index,
    devices,
    transitions,
    activity,
    now,
    verifyAfterMs: settings.verifyAfterMs,
  });
  const sweep = createAlertSweep({
    ...common,
    transitions,
    activity,
    evaluator,
    intervalMs: settings.sweepIntervalMs,
    now,
    onEventsWritten: () => {
      relay.trigger();
    },
  });
  const reload = createRuleReload({
    ...common,
    store: adapters.rules,
    mutes: adapters.mutes,
    index,
    intervalMs: settings.rulesReloadMs,
  });
  const rules = createRules({
    store: adapters.rules,
    directory: adapters.directory,
    now,
    onChanged: (rule) => {
      index.put(rule);
      metrics.rules.set(index.size);
      relay.trigger();
    },
    onRemoved: (ruleId) => {
      index.remove(ruleId);
      metrics.rules.set(index.size);
      relay.trigger();
    },
  });
  const wakeRelay = () => {
    relay.trigger();
  };
  const history = createAlertHistory({ store: adapters.history, now, onAcknowledged: wakeRelay });
  const mutes = createRuleMutes({
    store: adapters.mutes,
    rules: adapters.rules,
    now,
    onChanged: ({ homeId, ruleId, muted }) => {
      index.setMuted(homeId, ruleId, muted);
      wakeRelay();
    },
  });
  let consumer: Consumer | undefined;
  return {
    rules,
    history,
    mutes,
    async start() {
      await reload.start();
      await relay.start();
      await sweep.start();
      consumer = await startDeviceEventsConsumer({
        bus: adapters.bus,
        evaluator,
        metrics,
        logger,
        options: { prefetch: settings.prefetch, retryDelaysMs: settings.retryDelaysMs },
      });
    },
    async stop() {
      await consumer?.close();
      await sweep.stop();
      await reload.stop();
      await relay.stop();
    },
  };
}

/** The transitions, calling `wake` after those that write outbox events. */
function wakeAfterWrites(transitions: AlertTransitions, wake: () => void): AlertTransitions {
  return {
    ...transitions,
    open: async (subject, opening) => {
      await transitions.open(subject, opening);
      if (opening.dueAtMs <= opening.nowMs) wake();
    },
    resolveFiring: async (ruleId, deviceId, closing) => {
      await transitions.resolveFiring(ruleId, deviceId, closing);
      wake();
    },
  };
}
