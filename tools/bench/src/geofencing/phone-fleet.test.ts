import { createPhoneFleet, expectedTransitions, fixAt, isAwayAt, type FleetSettings } from './phone-fleet';

const settings: FleetSettings = { phones: 10, intervalMs: 10_000, travellingShare: 0.2, tripFixes: 3 };

describe('the geofencing step’s phone fleet', () => {
  it('spreads the phones’ sends evenly over the interval, and makes one phone in five travel', () => {
    const fleet = createPhoneFleet(settings);
    expect(fleet.map((phone) => phone.offsetMs)).toEqual([
      0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000,
    ]);
    expect(fleet.filter((phone) => phone.travels).map((phone) => phone.index)).toEqual([0, 5]);
  });

  it('puts homes 1 km apart, so no phone is ever inside another home’s zone', () => {
    const [first, second] = createPhoneFleet(settings);
    const metersEast =
      ((second?.home.longitude ?? 0) - (first?.home.longitude ?? 0)) *
      111_320 *
      Math.cos((48.8 * Math.PI) / 180);
    expect(Math.round(metersEast)).toBe(1000);
  });

  it('sends a travelling phone home for 3 fixes, then 2 km away for 3', () => {
    const [traveller] = createPhoneFleet(settings);
    if (traveller === undefined) throw new Error('no phone');
    expect(Array.from({ length: 7 }, (_, round) => isAwayAt(traveller, round, settings))).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
      false,
    ]);
    const away = fixAt(traveller, 3, settings, new Date(0));
    expect((away.latitude - traveller.home.latitude) * 111_320).toBeCloseTo(2000, 3);
  });

  it('expects an arrival per phone at first, then per travelling phone an exit (second fix away) and a return', () => {
    const fleet = createPhoneFleet(settings);
    expect(expectedTransitions(fleet, 0, 1, settings)).toEqual({ arrivals: 10, exits: 0 });
    // Rounds 1 to 6: exits confirmed at round 4, returns at round 6, for the two travellers.
    expect(expectedTransitions(fleet, 1, 7, settings)).toEqual({ arrivals: 2, exits: 2 });
  });
});
