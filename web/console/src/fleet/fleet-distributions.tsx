import { BarList, barsOf } from '../charts/bar-list';
import { alertBars, type FleetFigures } from './fleet-data';

/**
 * A fleet's firmware versions and battery bands (states at the window's end) and its alerts by rule (within
 * it), as bars; `window` says which window, as in "No alert fired in the last week".
 */
export function FleetDistributions({
  figures,
  window,
}: {
  readonly figures: FleetFigures;
  readonly window: string;
}) {
  return (
    <>
      <BarList
        title="Firmware versions"
        bars={barsOf(figures.firmware)}
        unit="device"
        empty="No device has reported a firmware version."
      />
      <BarList
        title="Battery (percent)"
        bars={barsOf(figures.battery)}
        unit="device"
        empty="No device has reported a battery level."
      />
      <BarList
        title={`Alerts fired by rule, ${window}`}
        bars={alertBars(figures)}
        unit="alert"
        empty={`No alert fired in ${window}.`}
      />
    </>
  );
}
