import { takeData } from '../api/console-api';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';
import { TelemetryChart } from '../telemetry/telemetry-chart';
import { DeviceControls } from './device-controls';
import { deviceLabel, formatReading, type DeviceView } from './device-view';
import { describeConnection, useLiveDevices } from './use-live-devices';

function Readings({ device }: { readonly device: DeviceView }) {
  if (device.reported === null) {
    return (
      <p class="empty-state">No report yet: the device shows its readings once it connects and reports.</p>
    );
  }
  const { state, reportedAt } = device.reported;
  return (
    <section class="panel" aria-labelledby="readings-title">
      <h2 id="readings-title">Readings</h2>
      <dl class="readings">
        {Object.entries(state).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd data-reading={name}>{formatReading(name, value)}</dd>
          </div>
        ))}
      </dl>
      <p class="muted">
        Reported <time dateTime={reportedAt}>{new Date(reportedAt).toLocaleTimeString()}</time>
      </p>
    </section>
  );
}

/** One device: its live readings and presence, the controls of its product's features, its history. */
export function DevicePage({ homeId, deviceId }: { readonly homeId: string; readonly deviceId: string }) {
  const { api } = useSignedIn();
  const { state, setState, reload } = useLoaded(`${homeId}/${deviceId}`, async () =>
    takeData(
      await api.GET('/v1/homes/{homeId}/devices/{deviceId}', { params: { path: { homeId, deviceId } } }),
      'Go back to the home: the device may have been released or moved.',
    ),
  );
  const changeDevice = (change: (device: DeviceView) => DeviceView) => {
    setState((current) =>
      current.status === 'loaded' ? { status: 'loaded', value: change(current.value) } : current,
    );
  };
  const connection = useLiveDevices(
    { homeId, deviceId },
    (_id, change) => {
      changeDevice(change);
    },
    reload,
  );

  if (state.status === 'loading') return <Loading what="the device" />;
  if (state.status === 'failed') return <ErrorState message={state.message} onRetry={reload} />;
  const device = state.value;
  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <a href={routeHref({ page: 'homes' })}>Homes</a> ›{' '}
        <a href={routeHref({ page: 'home', homeId })}>Home</a> ›{' '}
        <span aria-current="page">{deviceLabel(device)}</span>
      </nav>
      <h1>
        {deviceLabel(device)}{' '}
        <span class={device.presence.online ? 'badge online' : 'badge offline'}>
          {device.presence.online ? 'online' : 'offline'}
        </span>
      </h1>
      <p class="live-status" role="status">
        {describeConnection(connection)}
      </p>
      <Readings device={device} />
      <DeviceControls
        device={device}
        onDesired={(desired) => {
          changeDevice((current) => ({ ...current, desired }));
        }}
      />
      <TelemetryChart homeId={homeId} deviceId={deviceId} />
    </>
  );
}
