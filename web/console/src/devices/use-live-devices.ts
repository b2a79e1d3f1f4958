import { useEffect, useRef, useState } from 'preact/hooks';
import { followLiveStream } from '../api/live-stream';
import { useSignedIn } from '../session/session-context';
import { applyPresence, applyStateChanged, type DeviceView } from './device-view';

/** Whether the page's live stream is open. */
export type LiveConnection = 'connecting' | 'open' | 'reconnecting';

/**
 * Keeps `update`'s devices current from the live stream of one home (or one device of it): each event
 * changes the device it names; a resync reads them again (`reload`).
 */
export function useLiveDevices(
  query: { readonly homeId: string; readonly deviceId?: string },
  update: (deviceId: string, change: (device: DeviceView) => DeviceView) => void,
  reload: () => void,
): LiveConnection {
  const { api } = useSignedIn();
  const [connection, setConnection] = useState<LiveConnection>('connecting');
  const callbacks = useRef({ update, reload });
  callbacks.current = { update, reload };
  useEffect(
    () =>
      followLiveStream(api, query, {
        onStateChanged: (event) => {
          callbacks.current.update(event.deviceId, (device) => applyStateChanged(device, event));
        },
        onPresence: (event) => {
          callbacks.current.update(event.deviceId, (device) => applyPresence(device, event));
        },
        onResync: () => {
          callbacks.current.reload();
        },
        onConnection: setConnection,
      }),
    [api, query.homeId, query.deviceId],
  );
  return connection;
}

/** A short status of the live stream, for a polite live region. */
export function describeConnection(connection: LiveConnection): string {
  if (connection === 'open') return 'Live: updates appear as the devices report.';
  if (connection === 'connecting') return 'Connecting to live updates…';
  return 'Live updates interrupted: reconnecting… (values may be out of date)';
}
