export { createLogger, logLevels, serializeError } from './logger';
export type { LogLevel, Logger, LoggerOptions, SerializedError } from './logger';
export { createCounter, createGauge, createHistogram, createMetricsRegistry } from './metrics';
export type {
  Counter,
  Gauge,
  Histogram,
  MetricDefinition,
  MetricsRegistryOptions,
  Registry,
} from './metrics';
export { hasSamples, parseMetricSamples, parseSampleValue, sumSamples } from './prometheus-text';
export type { MetricSample } from './prometheus-text';
