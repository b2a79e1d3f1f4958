import {
  AuditPage,
  AuditQuery,
  HomeIdParams,
  VendorIdParams,
  type AuditEntryResponse,
  type AuditPage as AuditPageResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { AuditPageRequest, RecordedAuditEntry } from '../../domain/audit-reading';
import type { AuditEntryPage, AuditService } from '../../domain/audit-service';
import {
  authenticated,
  callerOf,
  errorResponses,
  forUsers,
  forVendorsAndMembers,
  userCallerOf,
} from './authenticate';

const auditTag = { tags: ['audit'], ...authenticated };

const toEntryResponse = (entry: RecordedAuditEntry): AuditEntryResponse => ({
  id: entry.id,
  at: entry.at.toISOString(),
  action: entry.action,
  outcome: entry.outcome,
  actor: entry.actor,
  address: entry.address,
  homeId: entry.homeId ?? null,
  vendorId: entry.vendorId ?? null,
  deviceId: entry.deviceId ?? null,
  details: entry.details ?? {},
});

const toPageResponse = (page: AuditEntryPage): AuditPageResponse => ({
  items: page.items.map(toEntryResponse),
  nextCursor: page.nextCursor,
});

const toPageRequest = (query: AuditQuery): AuditPageRequest => ({
  limit: query.limit,
  ...(query.cursor !== undefined && { before: query.cursor }),
  ...(query.action !== undefined && { action: query.action }),
  ...(query.deviceId !== undefined && { deviceId: query.deviceId }),
  ...(query.from !== undefined && { from: new Date(query.from) }),
  ...(query.to !== undefined && { to: new Date(query.to) }),
});

/** The schema of both logs' routes: the same query and page, another path parameter. */
const logSchema = <Params extends typeof HomeIdParams | typeof VendorIdParams>(
  readers: string,
  params: Params,
) => ({
  ...auditTag,
  description:
    `${readers} Newest first, \`limit\` at a time; the next page with \`cursor\` = the answer's ` +
    '`nextCursor`. Filters: `action` (e.g. home.member-removed), `deviceId`, `from` (inclusive), `to` (exclusive).',
  params,
  querystring: AuditQuery,
  response: { 200: AuditPage, ...errorResponses(400, 401, 403, 404) },
});

/** The audit log of a home (its owners) and of a vendor (its admins, its keys and clients with audit:read). */
export const auditRoutes: HttpRoutes<{ audit: AuditService }> = (app, { audit }) => {
  app.get(
    '/homes/:homeId/audit',
    { ...forUsers('audit:read'), schema: logSchema("The home's owners only.", HomeIdParams) },
    async (request) => {
      const page = toPageRequest(request.query);
      return toPageResponse(await audit.listHomeEntries(userCallerOf(request), request.params.homeId, page));
    },
  );
  app.get(
    '/vendors/:vendorId/audit',
    {
      ...forVendorsAndMembers('audit:read'),
      schema: logSchema(
        "The vendor's admins (their own session), its API keys and OAuth clients.",
        VendorIdParams,
      ),
    },
    async (request) => {
      const page = toPageRequest(request.query);
      return toPageResponse(await audit.listVendorEntries(callerOf(request), request.params.vendorId, page));
    },
  );
  return Promise.resolve();
};
