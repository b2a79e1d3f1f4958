import { useLoaded } from '../layout/use-loaded';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';
import { AuditLog } from './audit-log';

/**
 * The names a log's reader knows ids by: members' emails, API keys' names. Best effort: without them the
 * log shows the ids' start, so a failure here is no error of the page.
 */
function useNames(key: string, load: () => Promise<readonly (readonly [string, string])[]>) {
  const { state } = useLoaded(key, () => load().catch(() => []));
  return new Map(state.status === 'loaded' ? state.value : []);
}

/** A vendor's audit log (its admins): who made keys and webhooks, provisioned devices, changed members. */
export function VendorAuditPage({ vendorId }: { readonly vendorId: string }) {
  const { api } = useSignedIn();
  const path = { vendorId };
  const names = useNames(`audit-names:${vendorId}`, async () => {
    const [members, keys] = await Promise.all([
      api.GET('/v1/vendors/{vendorId}/members', { params: { path } }),
      api.GET('/v1/vendors/{vendorId}/api-keys', { params: { path } }),
    ]);
    return [
      ...(members.data?.items ?? []).map((member) => [member.userId, member.email] as const),
      ...(keys.data?.items ?? []).map((key) => [key.id, key.name] as const),
    ];
  });
  return (
    <>
      <h1>Audit log of {vendorId}</h1>
      <p class="hint">
        Every change to the vendor&apos;s keys, webhooks, products, devices and members, and every refused
        try.
      </p>
      <AuditLog
        logKey={`vendor-audit:${vendorId}`}
        names={names}
        emptyHint="Changes made by the vendor's admins and API keys appear here."
        readPage={(query) => api.GET('/v1/vendors/{vendorId}/audit', { params: { path, query } })}
      />
    </>
  );
}

/** A home's audit log (its owners): who invited and removed members, claimed devices, changed settings. */
export function HomeAuditPage({ homeId }: { readonly homeId: string }) {
  const { api } = useSignedIn();
  const path = { homeId };
  const names = useNames(`audit-names:${homeId}`, async () => {
    const members = await api.GET('/v1/homes/{homeId}/members', { params: { path } });
    return (members.data?.items ?? []).map((member) => [member.userId, member.email] as const);
  });
  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={routeHref({ page: 'homes' })}>Homes</a> ›{' '}
        <a href={routeHref({ page: 'home', homeId })}>The home</a> ›{' '}
        <span aria-current="page">Audit log</span>
      </nav>
      <h1>Audit log of the home</h1>
      <AuditLog
        logKey={`home-audit:${homeId}`}
        names={names}
        emptyHint="Changes to the home, its members and its devices appear here."
        readPage={(query) => api.GET('/v1/homes/{homeId}/audit', { params: { path, query } })}
      />
    </>
  );
}
