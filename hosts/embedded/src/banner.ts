import type { EmbeddedPlatform } from './embedded-platform';

/** What the platform prints once it is up: where everything listens and what runs in place of servers. */
export function formatBanner(platform: EmbeddedPlatform): string {
  const { listeners, parts, movedPorts } = platform;
  const { platform: file } = listeners;
  const rows: [string, string][] = [
    ['web console (owners)', listeners.consoleUrl ?? 'not built: npx nx run @homeport/console:build'],
    ...(listeners.consoleUrl === undefined
      ? []
      : [
          ['web console: join the demo vendor (makers)', listeners.demoVendorJoinUrl] as [string, string],
          ['web console: become an operator (health, queues)', listeners.operatorJoinUrl] as [string, string],
        ]),
    ['public API (people, /v1)', file.publicApiUrl ?? ''],
    ['public API docs (OpenAPI)', listeners.publicApiDocsUrl],
    ['MQTT (devices)', file.mqttUrl],
    ['MQTT over WebSocket', file.mqttWebSocketUrl],
    ['broker-api HTTP API (internal)', file.brokerApiUrl],
    ['broker-api docs (OpenAPI)', listeners.brokerApiDocsUrl],
    ['fan-out /health /ready /metrics', file.fanOutUrl],
    ['state-workers /health /ready /metrics', file.stateWorkersUrl],
    ['notifications internal API, /health /ready /metrics', listeners.notificationsUrl],
    ['alerts internal API (rules), /health /ready /metrics', listeners.alertsUrl],
    ['analytics internal API (fleet, reports), /health /ready /metrics', listeners.analyticsUrl],
    ['geofencing internal API (automations), its /docs', listeners.geofencingUrl],
    [
      'emails',
      listeners.devMailboxDir === undefined ? 'SMTP_URL' : `dev mailbox: ${listeners.devMailboxDir}/*.txt`,
    ],
    ['database', parts.database],
    ['queue', parts.queue],
    ['state cache', parts.cache],
    ['time series', parts.timeSeries],
    ['demo vendor / product', `${file.demoVendorId} / ${file.demoProductId}`],
    ['API token and addresses', platform.platformFile],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [
    'Homeport is running (embedded: every service in this process). Ctrl-C stops it.',
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    ...(movedPorts.length > 0
      ? [
          `  Default ports in use, so free ones were taken for: ${movedPorts.join(', ')} (set them to choose).`,
          '',
        ]
      : []),
    '  Try: npm run simulate -- --devices 10 --rate 1',
    '',
  ];
  return `${lines.join('\n')}\n`;
}
