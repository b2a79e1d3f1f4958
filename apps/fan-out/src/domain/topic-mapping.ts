import { buildDeviceTopicFilter, parseDeviceTopic } from '@homeport/contracts';
import {
  forwardedKinds,
  isForwardedKind,
  type DeviceMessageSource,
  type ForwardedKind,
  type PayloadFormat,
} from './device-message';
import { compileTopicPattern, type TopicPattern } from './topic-pattern';

/** One rule of a non-Homeport topic layout: topics matching `pattern` carry `kind` messages. */
export interface TopicRule {
  /** Subscription filter; defaults to the pattern with its placeholders as `+`. */
  readonly filter?: string;
  /** e.g. `factory/{vendorId}/{deviceId}/temperature`; without {vendorId}, `vendorId` must be set. */
  readonly pattern: string;
  readonly kind: ForwardedKind;
  /** The vendor of every device on these topics, for layouts that have no vendor level. */
  readonly vendorId?: string;
  /** Defaults to `homeport` (the payload already is a Homeport payload). */
  readonly payloadFormat?: PayloadFormat;
}

/** Which broker topic layout the source speaks, and how it maps onto Homeport's contracts. */
export type ProviderSettings =
  | { readonly provider: 'homeport' }
  | { readonly provider: 'aws-iot-core'; readonly vendorId: string; readonly topicPrefix: string }
  | { readonly provider: 'generic'; readonly rules: readonly TopicRule[] };

/** A source broker's topic layout mapped onto Homeport's device channels. Pure. */
export interface TopicMapping {
  /** Filters covering every mapped topic; with `share`, MQTT 5 shared subscriptions of that group. */
  filters(share?: string): string[];
  /** The device and channel a topic belongs to; undefined when it is not a forwarded device topic. */
  map(topic: string): DeviceMessageSource | undefined;
}

/** Builds the mapping of a provider; throws an Error naming what is wrong with its rules. */
export function createTopicMapping(settings: ProviderSettings): TopicMapping {
  switch (settings.provider) {
    case 'homeport':
      return homeportMapping;
    case 'aws-iot-core':
      return createRuleMapping(awsIotCoreRules(settings.vendorId, settings.topicPrefix));
    case 'generic':
      return createRuleMapping(settings.rules);
  }
}

/**
 * The layout of each forwarded kind's topics with any level where the ids go, e.g.
 * `homeport/v1/{vendorId}/{deviceId}/telemetry`, built from contracts' filter: it matches topics whose id
 * levels are not valid ids, which contracts' parser does not.
 */
const homeportIdLevels = forwardedKinds.map((kind) => ({
  kind,
  pattern: compileTopicPattern(
    buildDeviceTopicFilter(kind, { vendorId: '{vendorId}', deviceId: '{deviceId}' }),
  ),
}));

/**
 * Homeport's own topic tree (`homeport/v1/{vendorId}/{deviceId}/...`), parsed by contracts. A topic of the
 * tree whose ids are not valid ids (anyone may publish anything on a third-party broker) still maps, with
 * the ids as they are, so that it is refused and dead-lettered rather than passed over.
 */
const homeportMapping: TopicMapping = {
  filters: (share) =>
    forwardedKinds.map((kind) => buildDeviceTopicFilter(kind, share === undefined ? {} : { share })),
  map(topic) {
    const parsed = parseDeviceTopic(topic);
    if (parsed !== undefined) {
      if (!isForwardedKind(parsed.kind)) return undefined;
      const { vendorId, deviceId, kind } = parsed;
      return { vendorId, deviceId, kind, payloadFormat: 'homeport' };
    }
    for (const { kind, pattern } of homeportIdLevels) {
      const ids = pattern.match(topic);
      if (ids?.vendorId !== undefined) {
        return { vendorId: ids.vendorId, deviceId: ids.deviceId, kind, payloadFormat: 'homeport' };
      }
    }
    return undefined;
  },
};

/**
 * AWS IoT Core: device shadow updates (`$aws/things/{thing}/shadow/update`, the state.reported part) are
 * reported state; `{prefix}/{thing}/telemetry` and `{prefix}/{thing}/events` carry Homeport payloads. AWS has
 * no vendor level, so every thing belongs to one configured vendor.
 */
export function awsIotCoreRules(vendorId: string, topicPrefix: string): TopicRule[] {
  return [
    {
      pattern: '$aws/things/{deviceId}/shadow/update',
      kind: 'reported',
      vendorId,
      payloadFormat: 'aws-shadow-update',
    },
    { pattern: `${topicPrefix}/{deviceId}/telemetry`, kind: 'telemetry', vendorId },
    { pattern: `${topicPrefix}/{deviceId}/events`, kind: 'event', vendorId },
  ];
}

interface CompiledRule {
  readonly rule: TopicRule;
  readonly pattern: TopicPattern;
  readonly filter: string;
}

/** A mapping from rules; the first rule whose pattern matches a topic wins. */
function createRuleMapping(rules: readonly TopicRule[]): TopicMapping {
  if (rules.length === 0) throw new Error('at least one topic rule is needed');
  const compiled = rules.map((rule, index) => compileRule(rule, index));
  return {
    filters: (share) => {
      const filters = [...new Set(compiled.map(({ filter }) => filter))];
      return share === undefined ? filters : filters.map((filter) => `$share/${share}/${filter}`);
    },
    map(topic) {
      for (const { rule, pattern } of compiled) {
        const ids = pattern.match(topic);
        const vendorId = ids?.vendorId ?? rule.vendorId;
        if (ids === undefined || vendorId === undefined) continue;
        return {
          vendorId,
          deviceId: ids.deviceId,
          kind: rule.kind,
          payloadFormat: rule.payloadFormat ?? 'homeport',
        };
      }
      return undefined;
    },
  };
}

function compileRule(rule: TopicRule, index: number): CompiledRule {
  const where = `rule ${index + 1}`;
  if (!isForwardedKind(rule.kind))
    throw new Error(`${where}: kind must be one of ${forwardedKinds.join(', ')}`);
  const pattern = compileIn(where, rule.pattern);
  if (pattern.hasVendorId === (rule.vendorId !== undefined)) {
    throw new Error(
      `${where}: give the vendor either as a {vendorId} level or as vendorId, not both or neither`,
    );
  }
  const filter = rule.filter ?? pattern.filter;
  if (!isValidFilter(filter)) throw new Error(`${where}: "${filter}" is not a valid MQTT topic filter`);
  return { rule, pattern, filter };
}

function compileIn(where: string, source: string): TopicPattern {
  try {
    return compileTopicPattern(source);
  } catch (error) {
    throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** MQTT 3.1.1 §4.7.1: `+` and `#` occupy whole levels, `#` only the last. */
function isValidFilter(filter: string): boolean {
  if (filter.length === 0) return false;
  const levels = filter.split('/');
  return levels.every(
    (level, index) => (level === '#' && index === levels.length - 1) || level === '+' || !/[+#]/.test(level),
  );
}
