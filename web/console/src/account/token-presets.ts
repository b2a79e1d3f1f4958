import type { paths } from '@homeport/api-client';

/** A scope a personal access token may hold, as public-api's OpenAPI document types it. */
export type TokenScope =
  paths['/v1/account/tokens']['post']['requestBody']['content']['application/json']['scopes'][number];

/** What a person picks when making a token: a sentence, and the scopes it stands for (least first). */
export interface TokenPreset {
  readonly id: string;
  readonly label: string;
  readonly scopes: readonly TokenScope[];
}

/**
 * The choices the console offers, rather than twenty scope names: each a kind of script people write
 * (a dashboard reads, a heating script controls). public-api checks every scope anyway.
 */
export const tokenPresets: readonly TokenPreset[] = [
  { id: 'read', label: 'Read my homes and devices', scopes: ['homes:read', 'devices:read'] },
  {
    id: 'control',
    label: 'Read and control my devices',
    scopes: ['homes:read', 'devices:read', 'devices:write'],
  },
  {
    id: 'alerts',
    label: 'Read my devices and manage alerts',
    scopes: ['homes:read', 'devices:read', 'alerts:read', 'alerts:write'],
  },
];

/** Days a new token lives, or undefined: until revoked. */
export const tokenLifetimes: readonly { readonly days: number | undefined; readonly label: string }[] = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: 'a year' },
  { days: undefined, label: 'until I revoke it' },
];
