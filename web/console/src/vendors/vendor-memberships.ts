import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiAnswer } from '../api/console-api';
import type { Loaded } from '../layout/use-loaded';

/** A vendor the signed-in person works for, with their role (GET /v1/vendors). */
export type VendorMembership = ApiAnswer<'/v1/vendors', 'get'>['items'][number];

/** The signed-in person's vendors, loaded once per sign-in, and reading them again (after joining one). */
export interface VendorMemberships {
  readonly state: Loaded<VendorMembership[]>;
  reload(): void;
}

/** Provided by the signed-in app. */
export const VendorMembershipsContext = createContext<VendorMemberships | undefined>(undefined);

/** The signed-in person's vendors; only pages under the signed-in app call it. */
export function useVendorMemberships(): VendorMemberships {
  const memberships = useContext(VendorMembershipsContext);
  if (memberships === undefined) throw new Error('useVendorMemberships outside the signed-in app');
  return memberships;
}
