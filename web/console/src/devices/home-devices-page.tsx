import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { routeHref } from '../routing';
import { MembersPanel } from '../members/members-panel';
import { useSignedIn } from '../session/session-context';
import { ClaimForm } from './claim-form';
import { deviceLabel, formatReading, type DeviceView } from './device-view';
import { devicesPerPage, loadHomeDevices } from './load-home-devices';
import { describeConnection, useLiveDevices } from './use-live-devices';

/** The readings the device list shows when the device reports them. */
const listedReadings = ['temperature', 'setpoint', 'mode', 'power'];

function DeviceRow({ homeId, device }: { readonly homeId: string; readonly device: DeviceView }) {
  const state = device.reported?.state ?? {};
  const readings = listedReadings.filter((name) => name in state);
  return (
    <li class="device-row" data-device-id={device.id}>
      <a href={routeHref({ page: 'device', homeId, deviceId: device.id })}>{deviceLabel(device)}</a>
      <span class={device.presence.online ? 'badge online' : 'badge offline'}>
        {device.presence.online ? 'online' : 'offline'}
      </span>
      <dl class="readings">
        {readings.map((name) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd data-reading={name}>{formatReading(name, state[name])}</dd>
          </div>
        ))}
        {device.reported === null && <dd class="muted">No report yet</dd>}
      </dl>
    </li>
  );
}

/** A home's devices with their live state and presence, and claiming one. */
export function HomeDevicesPage({ homeId }: { readonly homeId: string }) {
  const { api } = useSignedIn();
  const loaded = useLoaded(`home:${homeId}`, () => loadHomeDevices(api, homeId));
  const { state, setState, reload } = loaded;
  const connection = useLiveDevices(
    { homeId },
    (deviceId, change) => {
      setState((current) =>
        current.status !== 'loaded'
          ? current
          : {
              status: 'loaded',
              value: {
                ...current.value,
                devices: current.value.devices.map((device) =>
                  device.id === deviceId ? change(device) : device,
                ),
              },
            },
      );
    },
    reload,
  );

  if (state.status === 'loading') return <Loading what="the home's devices" />;
  if (state.status === 'failed') return <ErrorState message={state.message} onRetry={reload} />;
  const { home, devices, more } = state.value;
  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={routeHref({ page: 'homes' })}>Homes</a> › <span aria-current="page">{home.name}</span>
      </nav>
      <h1>{home.name}</h1>
      <p>
        <a href={routeHref({ page: 'alerts', homeId })}>Alerts and alert rules</a>
        {home.role === 'owner' && (
          <>
            {' · '}
            <a href={routeHref({ page: 'home-audit', homeId })}>Audit log</a>
          </>
        )}
      </p>
      <p>
        <a href={routeHref({ page: 'zone', homeId })}>Zone and who is home</a> ·{' '}
        <a href={routeHref({ page: 'automations', homeId })}>Automations</a>
      </p>
      <p class="live-status" role="status">
        {describeConnection(connection)}
      </p>
      {devices.length === 0 ? (
        <EmptyState title="No devices in this home yet">
          <p>Type the claim code printed on your device below to add it.</p>
        </EmptyState>
      ) : (
        <ul class="devices" aria-label="Devices">
          {devices.map((device) => (
            <DeviceRow key={device.id} homeId={homeId} device={device} />
          ))}
        </ul>
      )}
      {more && <p class="muted">Showing the first {devicesPerPage} devices.</p>}
      {home.role === 'owner' ? (
        <ClaimForm homeId={homeId} onClaimed={reload} />
      ) : (
        <p class="muted">Only the home&apos;s owners claim devices into it.</p>
      )}
      <MembersPanel homeId={homeId} role={home.role} />
    </>
  );
}
