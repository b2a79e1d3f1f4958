import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Options for `createMetricsRegistry`. */
export interface MetricsRegistryOptions {
  /** Name of the service, added as the `service` label of every metric. */
  service: string;
  /** Collect process and Node.js runtime metrics (CPU, memory, event loop, GC); defaults to true. */
  collectDefaults?: boolean;
}

/**
 * Creates a service's own Prometheus registry (never prom-client's global one, so tests and the
 * single-process mode can hold several), labelled with `service`.
 */
export function createMetricsRegistry(options: MetricsRegistryOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.collectDefaults ?? true) {
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}

/** Name, help and label names of a metric to create in a given registry. */
export interface MetricDefinition<Label extends string> {
  name: string;
  help: string;
  labelNames?: readonly Label[];
}

/** Creates a counter registered in `registry` only. */
export function createCounter<Label extends string>(
  registry: Registry,
  definition: MetricDefinition<Label>,
): Counter<Label> {
  return new Counter({ ...definition, registers: [registry] });
}

/**
 * Creates a gauge registered in `registry` only; `collect`, when given, sets its values as it is scraped
 * (for a value read from elsewhere, rather than set on each change).
 */
export function createGauge<Label extends string>(
  registry: Registry,
  definition: MetricDefinition<Label> & { collect?: (this: Gauge<Label>) => void },
): Gauge<Label> {
  return new Gauge({ ...definition, registers: [registry] });
}

/** Creates a histogram registered in `registry` only; `buckets` default to prom-client's (seconds). */
export function createHistogram<Label extends string>(
  registry: Registry,
  definition: MetricDefinition<Label> & { buckets?: number[] },
): Histogram<Label> {
  return new Histogram({ ...definition, registers: [registry] });
}

export type { Counter, Gauge, Histogram, Registry };
