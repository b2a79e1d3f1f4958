import { Type, type Static } from 'typebox';
import { Id } from '../ids';
import { AcknowledgeAlertRequest, AlertListQuery } from './alerts-api-alerts';
import { alertRuleExample, AlertRuleResponse, CreateAlertRuleRequest } from './alerts-api';

/**
 * public-api's alert routes: a home's rules (`/v1/homes/{homeId}/alert-rules`), a vendor's product defaults
 * (`/v1/vendors/{vendorId}/alert-rules`), a home's mutes of those defaults, alerts and their history, and
 * acknowledging them. The rule and alert bodies are the alerts service's (alerts-api.ts,
 * alerts-api-alerts.ts); the owner of a rule is never in a request: it is the home or vendor of the path.
 */
const Uuid = Type.String({ format: 'uuid' });

/** POST a rule through public-api: the alerts API's request without `owner` (the path's home or vendor). */
export const CreateOwnedAlertRuleRequest = Type.Omit(CreateAlertRuleRequest, ['owner'], {
  additionalProperties: false,
  examples: [
    (({ owner: _owner, ...rest }) => rest)(alertRuleExample),
    {
      target: { kind: 'product', vendorId: 'acme', productId: 'thermostat' },
      name: 'Battery low',
      condition: { kind: 'threshold', source: 'telemetry', property: 'battery', operator: '<', value: 15 },
      clear: { operator: '>=', value: 20 },
      severity: 'warning',
      message: '{device}: battery at {value} %',
    },
  ],
});
export type CreateOwnedAlertRuleRequest = Static<typeof CreateOwnedAlertRuleRequest>;

/** Path of a home's rule. */
export const HomeAlertRuleParams = Type.Object({ homeId: Uuid, ruleId: Uuid });
export type HomeAlertRuleParams = Static<typeof HomeAlertRuleParams>;

/** Path of a vendor's rule. */
export const VendorAlertRuleParams = Type.Object({ vendorId: Id, ruleId: Uuid });
export type VendorAlertRuleParams = Static<typeof VendorAlertRuleParams>;

/** GET a list of rules: newest first, at most `limit`. */
export const AlertRulePageQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);
export type AlertRulePageQuery = Static<typeof AlertRulePageQuery>;

/** A vendor default rule as a home sees it: it applies to devices of the home; `muted` when the home muted it. */
export const HomeVendorAlertRule = Type.Object({
  rule: AlertRuleResponse,
  muted: Type.Boolean(),
  mutedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type HomeVendorAlertRule = Static<typeof HomeVendorAlertRule>;

/** GET /v1/homes/{homeId}/vendor-alert-rules: the vendor defaults that apply to the home's devices. */
export const HomeVendorAlertRuleList = Type.Object({ items: Type.Array(HomeVendorAlertRule) });
export type HomeVendorAlertRuleList = Static<typeof HomeVendorAlertRuleList>;

/**
 * GET /v1/homes/{homeId}/alerts and /v1/vendors/{vendorId}/alerts: the alerts API's filters without the
 * scope (the path's), newest first, paged by `cursor` (the previous page's `nextCursor`).
 */
export const OwnedAlertListQuery = Type.Omit(AlertListQuery, ['homeId', 'vendorId'], {
  additionalProperties: false,
  examples: [
    { status: 'open' },
    { deviceId: 'thermostat-0042', from: '2026-12-01T00:00:00.000Z', limit: 50 },
  ],
});
export type OwnedAlertListQuery = Static<typeof OwnedAlertListQuery>;

/** Path of a home's alert. */
export const HomeAlertParams = Type.Object({ homeId: Uuid, alertId: Uuid });
export type HomeAlertParams = Static<typeof HomeAlertParams>;

/**
 * POST /v1/homes/{homeId}/alerts/{alertId}/acknowledge: the caller acknowledges a firing alert (its
 * escalation stops); with `snoozeSeconds`, its rule on that device notifies nobody until then.
 */
export const AcknowledgeHomeAlertRequest = Type.Omit(AcknowledgeAlertRequest, ['userId'], {
  additionalProperties: false,
  examples: [{}, { snoozeSeconds: 3600 }],
});
export type AcknowledgeHomeAlertRequest = Static<typeof AcknowledgeHomeAlertRequest>;
