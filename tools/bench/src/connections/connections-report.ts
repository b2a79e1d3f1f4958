import { formatCount, formatMs, formatTable } from '../table';
import type { FleetConnectFigures } from './connection-load';
import type { ConnectionsFigures, PhaseUsage } from './connections-step';

const mebibytes = (bytes: number) => `${formatCount(bytes / 2 ** 20)} MB`;

function connectRow(phase: string, figures: FleetConnectFigures): string[] {
  const refused = Object.entries(figures.refused).map(([code, count]) => `${count} ${code}`);
  return [
    phase,
    formatCount(figures.subscribed),
    [...refused, figures.failed > 0 ? `${figures.failed} failed` : ''].filter(Boolean).join(', ') || '0',
    `${(figures.elapsedMs / 1000).toFixed(1)} s`,
    formatCount(figures.connectsPerSecond),
    formatMs(figures.connackMs.p50),
    formatMs(figures.connackMs.p99),
  ];
}

function usageRows(phase: string, usage: PhaseUsage): string[][] {
  return Object.entries(usage).map(([name, { cpuPercent, rssBytes }]) => [
    phase,
    name,
    `${cpuPercent.toFixed(1)}%`,
    mebibytes(rssBytes),
  ]);
}

function formatContention(contention: ConnectionsFigures['storm']['contention']): string {
  const { machineBusyPercent, cores, mainThreadOnCpuPercent, mainThreadWaitingPercent } = contention;
  return (
    `  storm (first CONNECT to last SUBACK): machine ${machineBusyPercent.toFixed(0)}% busy of ${cores * 100}%; ` +
    `broker-api's main thread on a CPU ${mainThreadOnCpuPercent.toFixed(0)}% of the time, ` +
    `waiting for one ${mainThreadWaitingPercent.toFixed(0)}%`
  );
}

/** broker-api's storm against Mosquitto's on this machine (same fleet, credentials and generator). */
function formatMosquittoScale({ storm, mosquitto }: ConnectionsFigures): string {
  const ratio = storm.connectsPerSecond / Math.max(1, mosquitto.storm.connectsPerSecond);
  return (
    `  Mosquitto (a password file of the devices' secrets, an ACL pattern per topic kind): storm ` +
    `${formatCount(mosquitto.storm.connectsPerSecond)}/s, ${formatCount(mosquitto.cpuMicrosPerConnect)} µs of CPU ` +
    `per CONNECT, ${mebibytes(mosquitto.rssBytes)} (the generator ${mosquitto.generatorCpuPercent}% of a core); ` +
    `broker-api's storm ${ratio.toFixed(2)} × Mosquitto's`
  );
}

/** The connections step's tables as the bench prints them. */
export function formatConnections(figures: ConnectionsFigures): string {
  const failures = [...figures.connect.firstFailures, ...figures.storm.firstFailures];
  return [
    `connections: ${formatCount(figures.provisionedDevices)} of ${formatCount(figures.devices)} devices provisioned ` +
      `(${figures.provisionSeconds} s), keepalive ${figures.keepaliveSeconds} s, a message a minute each, ` +
      `${formatCount(figures.connectWindow)} CONNECTs in flight, open files limit ${formatCount(figures.openFilesLimit)}`,
    formatTable(
      ['phase', 'subscribed', 'refused/failed', 'time', 'CONNECTs/s', 'CONNACK p50', 'CONNACK p99'],
      [
        connectRow('first connect', figures.connect),
        connectRow('reconnect storm', figures.storm),
        connectRow('Mosquitto: first connect', figures.mosquitto.connect),
        connectRow('Mosquitto: reconnect storm', figures.mosquitto.storm),
      ],
    ),
    formatTable(
      ['phase', 'process', 'CPU (one core)', 'RSS'],
      [
        ...usageRows(`rest ${figures.rest.seconds} s`, figures.rest.usage),
        ...usageRows(`storm + ${(figures.storm.settleMs / 1000).toFixed(0)} s settling`, figures.storm.usage),
      ],
    ),
    `  at rest: ${formatCount(figures.rest.published)} published, ${formatCount(figures.rest.acknowledged)} PUBACKed; ` +
      `storm: broker-api ${formatCount(figures.storm.brokerCpuMicrosPerConnect)} µs of CPU per CONNECT ` +
      `(GC pauses ${formatCount(figures.storm.brokerGcMicrosPerConnect)} µs), ` +
      `${formatCount(figures.storm.brokerHttpRequests)} HTTP requests answered, ` +
      `${formatCount(figures.storm.resumedWithinGrace)} devices back within the presence grace; ` +
      `connections lost: ${figures.lost}`,
    formatContention(figures.storm.contention),
    formatMosquittoScale(figures),
    `  broker-api peak RSS${figures.brokerPeakRss.sinceStart ? ' (since its start)' : ''}: ` +
      `first connect ${mebibytes(figures.brokerPeakRss.connect)}, rest ${mebibytes(figures.brokerPeakRss.rest)}, ` +
      `storm ${mebibytes(figures.brokerPeakRss.storm)}`,
    ...(failures.length > 0 ? [`  first failures: ${failures.join('; ')}`] : []),
  ].join('\n');
}
