/** A phone of the geofencing step: its user's home (a 100 m circle) and whether it travels. */
export interface Phone {
  readonly index: number;
  readonly home: { readonly latitude: number; readonly longitude: number };
  /** Travelling phones cross their home's zone (in, then out) every `tripFixes` fixes; the others stay home. */
  readonly travels: boolean;
  /** When in each interval this phone sends (ms after the interval's start): the fleet spread evenly. */
  readonly offsetMs: number;
}

/** How a fleet behaves. */
export interface FleetSettings {
  readonly phones: number;
  /** One fix per phone every this often (the issue: 10 s). */
  readonly intervalMs: number;
  /** Share of the phones that travel (0 to 1). */
  readonly travellingShare: number;
  /** Fixes a travelling phone spends at home, then away (a trip in and out takes twice this). */
  readonly tripFixes: number;
}

/** The load: 1,000 phones, a fix each every 10 s; a fifth of them crossing their zone each minute. */
export const defaultFleetSettings: FleetSettings = {
  phones: 1000,
  intervalMs: 10_000,
  travellingShare: 0.2,
  tripFixes: 3,
};

const metersPerDegreeLatitude = 111_320;
/** Homes on a grid 1 km apart around Paris: no two zones overlap. */
const gridColumns = 100;

/** The fleet: homes on a grid, every `1 / travellingShare`-th phone travelling, sends spread over the interval. */
export function createPhoneFleet(settings: FleetSettings): Phone[] {
  const travelEvery = settings.travellingShare > 0 ? Math.round(1 / settings.travellingShare) : Infinity;
  return Array.from({ length: settings.phones }, (_, index) => ({
    index,
    home: {
      latitude: 48.8 + (Math.floor(index / gridColumns) * 1000) / metersPerDegreeLatitude,
      longitude:
        2.3 + ((index % gridColumns) * 1000) / (metersPerDegreeLatitude * Math.cos((48.8 * Math.PI) / 180)),
    },
    travels: index % travelEvery === 0,
    offsetMs: Math.floor((index * settings.intervalMs) / settings.phones),
  }));
}

/** Whether the phone's `round`-th fix (0 first) is away from home: travelling phones alternate. */
export function isAwayAt(phone: Phone, round: number, settings: FleetSettings): boolean {
  return phone.travels && Math.floor(round / settings.tripFixes) % 2 === 1;
}

/** The phone's `round`-th fix: 10 m from home (accuracy 15 m), or 2 km north of it when away. */
export function fixAt(phone: Phone, round: number, settings: FleetSettings, at: Date) {
  const metersNorth = isAwayAt(phone, round, settings) ? 2000 : 10;
  return {
    latitude: phone.home.latitude + metersNorth / metersPerDegreeLatitude,
    longitude: phone.home.longitude,
    accuracyMeters: 15,
    timestamp: at.toISOString(),
  };
}

/**
 * Arrivals and exits the fleet's rounds `from` to `to` (excluded) should make, given where each phone was
 * at round `from - 1` (a phone at home first arrives at round 0): an exit is confirmed by its second fix
 * away (geofencing's default GEOFENCE_EXIT_CONFIRM_FIXES = 2).
 */
export function expectedTransitions(
  fleet: readonly Phone[],
  from: number,
  to: number,
  settings: FleetSettings,
): { readonly arrivals: number; readonly exits: number } {
  let arrivals = 0;
  let exits = 0;
  for (const phone of fleet) {
    for (let round = from; round < to; round += 1) {
      const away = isAwayAt(phone, round, settings);
      if (!away && (round === 0 || isAwayAt(phone, round - 1, settings))) arrivals += 1;
      if (away && round >= 2 && isAwayAt(phone, round - 1, settings) && !isAwayAt(phone, round - 2, settings))
        exits += 1;
    }
  }
  return { arrivals, exits };
}
