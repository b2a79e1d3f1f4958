import { AppError } from '@homeport/errors';
import { canReadHomeAudit, canReadVendorAudit } from './audit-policies';
import type { AuditPageRequest, AuditReader, AuditScope, RecordedAuditEntry } from './audit-reading';
import type { Caller, UserCaller } from './callers';
import { canViewHome } from './home-policies';
import { homeNotFound } from './home-service';
import type { HomeRepository } from './homes';
import { canOperateVendor } from './vendor-policies';
import type { VendorMemberRepository } from './vendors';

/** What reading the audit log needs. */
export interface AuditServiceDeps {
  readonly reader: AuditReader;
  readonly homes: HomeRepository;
  readonly vendorMembers: VendorMemberRepository;
}

/** A page of entries, newest first, and the cursor of the next (older) page, if any. */
export interface AuditEntryPage {
  readonly items: readonly RecordedAuditEntry[];
  readonly nextCursor: string | null;
}

/** Reading the audit log of a home or a vendor, each confined to the logs the caller may read. */
export function createAuditService(deps: AuditServiceDeps) {
  async function readPage(
    scope: AuditScope,
    log: { homeId: string } | { vendorId: string },
    page: AuditPageRequest,
  ): Promise<AuditEntryPage> {
    // One more than asked: whether it exists says whether there is a next page.
    const entries = await deps.reader.listEntries(scope, log, { ...page, limit: page.limit + 1 });
    const items = entries.slice(0, page.limit);
    return { items, nextCursor: entries.length > page.limit ? (items.at(-1)?.id ?? null) : null };
  }

  return {
    /** A home's log, for its owners; the home is missing to whoever is not a member. */
    async listHomeEntries(caller: UserCaller, homeId: string, page: AuditPageRequest) {
      const scope = await deps.homes.loadScope(caller.userId);
      if (!canViewHome(scope, homeId)) throw homeNotFound();
      if (!canReadHomeAudit(scope, homeId)) {
        throw new AppError(
          'forbidden',
          'HOME_ROLE_INSUFFICIENT',
          'only owners of the home read its audit log',
        );
      }
      const homeIds = [...scope.roles.keys()].filter((id) => canReadHomeAudit(scope, id));
      return readPage({ homeIds, vendorIds: [] }, { homeId }, page);
    },

    /** A vendor's log, for its admins and its own back end; the vendor is missing to everyone else. */
    async listVendorEntries(caller: Caller, vendorId: string, page: AuditPageRequest) {
      const scope = caller.kind === 'user' ? await deps.vendorMembers.loadScope(caller.userId) : undefined;
      if (!canOperateVendor(caller, scope, vendorId)) {
        throw new AppError('not_found', 'VENDOR_NOT_FOUND', 'no such vendor among yours');
      }
      if (!canReadVendorAudit(caller, scope, vendorId)) {
        throw new AppError(
          'forbidden',
          'VENDOR_ROLE_INSUFFICIENT',
          "only the vendor's admins, with their own session, read its audit log",
        );
      }
      const reachable = caller.kind === 'vendor' ? [caller.vendorId] : [...(scope?.roles.keys() ?? [])];
      const vendorIds = reachable.filter((id) => canReadVendorAudit(caller, scope, id));
      return readPage({ homeIds: [], vendorIds }, { vendorId }, page);
    },
  };
}

/** The audit-reading use cases. */
export type AuditService = ReturnType<typeof createAuditService>;
