import { formatCount, formatMs, formatTable } from '../table';
import type { GeofencingFigures } from './geofencing-step';

/** The geofencing step's table as the bench prints it. */
export function formatGeofencing(figures: GeofencingFigures): string {
  const { transitions, lag } = figures;
  const cpu = figures.cpuMicrosPerFix;
  return [
    `geofencing: ${formatCount(figures.phones)} phones, a fix each every ${figures.intervalMs / 1000} s, for ${figures.seconds} s (through public-api's HTTP endpoint)`,
    formatTable(
      ['fixes sent', 'accepted (202)', 'evaluated', 'fixes/s', 'lag p50', 'lag p99', 'arrivals', 'exits'],
      [
        [
          formatCount(figures.fixesSent),
          formatCount(figures.fixesAccepted),
          formatCount(figures.fixesHandled),
          formatCount(figures.fixesPerSecond),
          formatMs(lag.p50Ms),
          formatMs(lag.p99Ms),
          `${formatCount(transitions.arrivals)} of ${formatCount(transitions.expectedArrivals)}`,
          `${formatCount(transitions.exits)} of ${formatCount(transitions.expectedExits)}`,
        ],
      ],
    ),
    'CPU per fix, µs (servers: every process of the machine, other work included)',
    formatTable(Object.keys(cpu), [Object.values(cpu).map((micros) => formatCount(micros))]),
  ].join('\n');
}
