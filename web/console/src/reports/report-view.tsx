import { BarList } from '../charts/bar-list';
import type { FleetFigures, FleetWindow } from '../fleet/fleet-data';
import { FleetDistributions } from '../fleet/fleet-distributions';

/** A daily or weekly report: a window's figures (the day or the week aside). */
export type Report = FleetWindow;

/** The single-number figures of a report, in the CSV's order, with their names for people. */
const scalarFigures = [
  ['provisioned', 'Devices provisioned'],
  ['credentialed', 'With a credential'],
  ['claimed', 'Claimed by a home'],
  ['online', 'Online at the end'],
  ['active', 'Active (sent a message)'],
  ['uptimePercent', 'Uptime (%)'],
  ['messages', 'Messages'],
  ['messagesPerMinute', 'Messages per minute'],
  ['reconnects', 'Reconnects'],
  ['reconnectsPerDevicePerDay', 'Reconnects per device per day'],
] as const satisfies readonly (readonly [keyof FleetFigures, string])[];

const productName = (figures: FleetFigures) => (figures.productId === '*' ? 'Fleet' : figures.productId);

/** A report: its figures as a table (the fleet, then each product), its distributions as bars. */
export function ReportView({ report, period }: { readonly report: Report; readonly period: string }) {
  const columns = [report.fleet, ...report.products];
  const { fleet } = report;
  return (
    <>
      <div class="table-scroll">
        <table>
          <caption>Report of {period}</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              {columns.map((figures) => (
                <th scope="col" key={figures.productId}>
                  {productName(figures)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {scalarFigures.map(([key, name]) => (
              <tr key={key}>
                <th scope="row">{name}</th>
                {columns.map((figures) => (
                  <td key={figures.productId} data-figure={key}>
                    {figures[key] ?? '–'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="distributions" aria-label="Distributions of the fleet">
        <FleetDistributions figures={fleet} window={period} />
        <BarList
          title="Device events"
          bars={fleet.events.map((event) => ({
            label: `${event.name} (${event.severity})`,
            value: event.count,
          }))}
          unit="event"
          empty="No device event."
        />
        <BarList
          title="Feature use"
          bars={(fleet.featureUsage ?? []).map((use) => ({
            label: `${use.kind === 'desired' ? 'set' : 'command'} ${use.name} by ${use.source}`,
            value: use.count,
          }))}
          unit="time"
          empty="No setting changed and no command sent."
        />
      </section>
    </>
  );
}
