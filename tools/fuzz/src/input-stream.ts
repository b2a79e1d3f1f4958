import fc from 'fast-check';
import { payloadInputArbitrary } from './device-payloads';
import type { FuzzWorld } from './fuzz-world';
import { httpInputArbitrary } from './http-requests';
import { inputFamilies, type FuzzInput, type InputFamily } from './inputs';
import { packetInputArbitrary } from './mqtt-packets';

/** Share of the inputs each family gets. */
const familyShares: Record<InputFamily, number> = { 'mqtt-packet': 0.35, 'device-payload': 0.4, http: 0.25 };

const chunkSize = 100;

/** How many of `total` inputs each of the chosen families sends, by their shares (the rounding goes to the last). */
export function splitInputs(total: number, families: readonly InputFamily[]): Record<InputFamily, number> {
  const shares = families.reduce((sum, family) => sum + familyShares[family], 0);
  const counts: Record<InputFamily, number> = { 'mqtt-packet': 0, 'device-payload': 0, http: 0 };
  let left = total;
  families.forEach((family, index) => {
    counts[family] =
      index === families.length - 1 ? left : Math.round((total * familyShares[family]) / shares);
    left -= counts[family];
  });
  return counts;
}

function arbitraryOf(family: InputFamily, world: FuzzWorld): fc.Arbitrary<FuzzInput> {
  switch (family) {
    case 'mqtt-packet':
      return packetInputArbitrary(world.topicPool);
    case 'device-payload':
      return payloadInputArbitrary;
    case 'http':
      return httpInputArbitrary(world.operations, world.idPools);
  }
}

/**
 * `count` inputs of a family, generated in chunks from the seed: the same seed and world give the same
 * inputs (fast-check's `sample` with a seed per chunk and family).
 */
export function* generateInputs(
  family: InputFamily,
  world: FuzzWorld,
  seed: number,
  count: number,
): Generator<FuzzInput> {
  const arbitrary = arbitraryOf(family, world);
  const familySeed = seed + inputFamilies.indexOf(family) * 1_000_003;
  for (let made = 0, chunk = 0; made < count; chunk += 1) {
    const size = Math.min(chunkSize, count - made);
    for (const input of fc.sample(arbitrary, { seed: familySeed + chunk, numRuns: size })) yield input;
    made += size;
  }
}
