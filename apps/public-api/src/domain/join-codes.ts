import { timingSafeEqual } from 'node:crypto';

/** Whether `given` is the expected join code (compared in constant time, so timing tells nothing of it). */
export function isSameCode(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}
