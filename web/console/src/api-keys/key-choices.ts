import type { ApiAnswer } from '../api/console-api';
import type { paths } from '@homeport/api-client';

/** A vendor API key as public-api lists it (never its secret). */
export type VendorApiKey = ApiAnswer<'/v1/vendors/{vendorId}/api-keys', 'get'>['items'][number];

/** A scope a key may be given, as public-api's OpenAPI document types it. */
export type KeyScope =
  paths['/v1/vendors/{vendorId}/api-keys']['post']['requestBody']['content']['application/json']['scopes'][number];

/**
 * The vendor scopes (contracts' `vendorScopes`, which public-api checks: another is 400 SCOPE_NOT_ALLOWED),
 * each with what it lets a back end do.
 */
export const keyScopeChoices: readonly { readonly scope: KeyScope; readonly label: string }[] = [
  { scope: 'devices:read', label: 'read the devices' },
  { scope: 'devices:write', label: 'provision, change and delete devices' },
  { scope: 'credentials:write', label: "issue, rotate and revoke devices' credentials" },
  { scope: 'products:read', label: 'read the products' },
  { scope: 'products:write', label: 'create and delete products' },
  { scope: 'analytics:read', label: 'read fleet metrics and reports' },
  { scope: 'audit:read', label: 'read the audit log' },
  { scope: 'webhooks:read', label: 'read webhooks and their deliveries' },
  { scope: 'webhooks:write', label: 'create, change and delete webhooks' },
  { scope: 'alerts:read', label: "read the products' alert rules and the fleet's alerts" },
  { scope: 'alerts:write', label: 'change alert rules, acknowledge and snooze alerts' },
];

/** Days a new key lives (public-api: 1 to 365, 90 by default). */
export const keyLifetimeDays: readonly number[] = [30, 90, 365];

/** Whether a key still works, and since or until when, in words. */
export function describeKeyStatus(
  key: Pick<VendorApiKey, 'revokedAt' | 'expiresAt'>,
  nowMs: number,
  formatDate: (date: Date) => string,
): { readonly usable: boolean; readonly text: string } {
  if (key.revokedAt !== null)
    return { usable: false, text: `revoked ${formatDate(new Date(key.revokedAt))}` };
  const expiresAt = new Date(key.expiresAt);
  if (expiresAt.getTime() <= nowMs) return { usable: false, text: `expired ${formatDate(expiresAt)}` };
  return { usable: true, text: `works until ${formatDate(expiresAt)}` };
}
