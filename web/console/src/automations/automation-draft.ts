import type { ApiAnswer } from '../api/console-api';

/** An automation as public-api answers it. */
export type AutomationView = ApiAnswer<'/v1/homes/{homeId}/automations/{automationId}', 'get'>;
/** One run of the home's automations. */
export type AutomationRunView = ApiAnswer<'/v1/homes/{homeId}/automations/runs', 'get'>['items'][number];

/**
 * The kinds an owner picks: the API's two triggers, and first arrival started early by a member on the way
 * home (`first-arrival` with `onTheWayHomeWithinMeters`).
 */
export type AutomationKind = 'home-empty' | 'first-arrival' | 'on-the-way-home';

export const automationKinds: readonly { readonly value: AutomationKind; readonly label: string }[] = [
  { value: 'home-empty', label: 'When the home becomes empty' },
  { value: 'first-arrival', label: 'When the first person arrives' },
  { value: 'on-the-way-home', label: 'When someone is on the way home' },
];

/** Readings a device reports but nobody sets: an automation that sets one is refused by public-api. */
const reportedOnly = new Set(['temperature', 'humidity', 'battery', 'firmware', 'rssi']);

/** The features of a product an automation can set. */
export function settableFeatures(features: readonly string[]): string[] {
  return features.filter((feature) => !reportedOnly.has(feature));
}

/** What the owner filled in: one device, one property and its value (as typed). */
export interface AutomationFields {
  readonly name: string;
  readonly kind: AutomationKind;
  readonly deviceId: string;
  readonly property: string;
  readonly value: string;
  readonly restore: boolean;
  readonly withinMeters: string;
}

/** A typed value as the desired state takes it: a number, on/off and true/false as booleans, else text. */
export function parseDesiredValue(text: string): number | string | boolean {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'on') return true;
  if (trimmed === 'false' || trimmed === 'off') return false;
  const number = Number(trimmed);
  return trimmed !== '' && Number.isFinite(number) ? number : trimmed;
}

/** The body of POST /v1/homes/{homeId}/automations for the fields. */
export function toAutomationRequest(fields: AutomationFields) {
  const arriving = fields.kind !== 'home-empty';
  return {
    name: fields.name.trim(),
    trigger: arriving ? ('first-arrival' as const) : ('home-empty' as const),
    enabled: true,
    actions: [{ deviceId: fields.deviceId, set: { [fields.property]: parseDesiredValue(fields.value) } }],
    restore: arriving && fields.restore,
    onTheWayHomeWithinMeters: fields.kind === 'on-the-way-home' ? Number(fields.withinMeters) : null,
  };
}

/** The same automation with `enabled` changed, as PUT replaces it. */
export function withEnabled(automation: AutomationView, enabled: boolean) {
  const { name, trigger, actions, restore, onTheWayHomeWithinMeters } = automation;
  return { name, trigger, enabled, actions, restore, onTheWayHomeWithinMeters };
}

const formatValue = (value: number | string | boolean) =>
  typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);

/** "device: setpoint 17, mode eco" for each device the automation sets. */
export function describeActions(actions: AutomationView['actions']): string {
  return actions
    .map(({ deviceId, set }) => {
      const values = Object.entries(set).map(([name, value]) => `${name} ${formatValue(value)}`);
      return `${deviceId}: ${values.length === 0 ? 'restore only' : values.join(', ')}`;
    })
    .join('; ');
}

/** When the automation runs, in words. */
export function describeTrigger(
  automation: Pick<AutomationView, 'trigger' | 'restore' | 'onTheWayHomeWithinMeters'>,
): string {
  if (automation.trigger === 'home-empty') return 'When the home becomes empty';
  const early =
    automation.onTheWayHomeWithinMeters === null
      ? ''
      : `, or when someone heading home is within ${automation.onTheWayHomeWithinMeters} m`;
  return `When the first person arrives${early}${automation.restore ? ' (puts back what the home had before it emptied)' : ''}`;
}

const runCauses: Record<AutomationRunView['cause'], string> = {
  'home-empty': 'the home became empty',
  'first-arrival': 'someone arrived',
  'on-the-way-home': 'someone was on the way home',
};

/** A run in words: why, and what came of each change. */
export function describeRun(run: AutomationRunView): string {
  const changes = run.changes.map((change) => `${change.deviceId} ${change.result}`).join(', ');
  return `${run.automationName}: ${runCauses[run.cause]} · ${run.status}${changes === '' ? '' : ` (${changes})`}`;
}
