import { createLogger, createMetricsRegistry } from '@homeport/observability';
import type { Registry } from '@homeport/observability';
import { buildHttpApp } from '../src/http-app';
import type { HttpAppOptions } from '../src/http-app';
import type { HttpApp } from '../src/http-app-type';

/** A log line as written by the app's logger. */
export type LogLine = Record<string, unknown>;

/** An app built as a service would build it, with its log lines and metrics registry at hand. */
export interface TestApp {
  app: HttpApp;
  metrics: Registry;
  logLines: LogLine[];
}

/** Builds an app whose logger writes into `logLines` (debug level) and whose registry is its own. */
export async function buildTestApp(overrides: Partial<HttpAppOptions> = {}): Promise<TestApp> {
  const logLines: LogLine[] = [];
  const logger = createLogger({
    service: 'http-test',
    level: 'debug',
    destination: { write: (line: string) => logLines.push(JSON.parse(line) as LogLine) },
  });
  const metrics = createMetricsRegistry({ service: 'http-test' });
  const app = await buildHttpApp({
    service: 'http-test',
    logger,
    metrics,
    openapi: { title: 'Test API', version: '1.2.3', description: 'routes for tests' },
    ...overrides,
  });
  return { app, metrics, logLines };
}

/**
 * The value of one Prometheus sample in exposition text whose labels include `labels` (in any order,
 * since prom-client places default labels differently per metric type), or undefined.
 */
export function readSample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return undefined;
}
