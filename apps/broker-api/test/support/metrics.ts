import type { TestInstance } from './environment';

/** The sum of a metric's series whose labels include `labels`, read from the instance's /metrics (0 if none). */
export async function readMetric(
  instance: TestInstance,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${instance.running.http.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const series = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => series.get(key) === value)) sum += Number(match[3]);
  }
  return sum;
}
