export { createUniqueName } from './unique-name';
export { requestJson } from './json-api';
export type { JsonAnswer } from './json-api';
export { readTestServerUrls } from './server-urls';
export type { TestServerUrls } from './server-urls';
export { createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
export { createTestInfluxDatabase } from './test-influx-database';
export type { TestInfluxDatabase } from './test-influx-database';
export { createTestRedisPrefix, deleteRedisKeys } from './test-redis-prefix';
export type { TestRedisPrefix } from './test-redis-prefix';
export { createTcpRelay } from './tcp-relay';
export type { TcpRelay } from './tcp-relay';
export { sleep, waitFor, waitForValue } from './wait-for';
export { findFreePort } from '@homeport/http';
export { startMosquitto } from './mosquitto';
export type { MosquittoLogins, TestMosquitto } from './mosquitto';
export { startTestAedes } from './test-aedes';
export type { TestAedes } from './test-aedes';
export { serviceSetUpTimeoutMs, startServiceProcess, sumMetric, type MetricLabels } from './service-process';
export type { ServiceProcess, ServiceProcessOptions } from './service-process';
export { embeddedPlatformTestEnv, startEmbeddedPlatformProcess } from './platform-process';
export type { EmbeddedPlatformOptions, EmbeddedPlatformProcess } from './platform-process';
export { startDistributedPlatform, startEmbeddedPlatform } from './running-platform';
export type {
  DistributedStartOptions,
  PlatformProcess,
  PlatformStartOptions,
  RunningDistributedPlatform,
  RunningEmbeddedPlatform,
  RunningPlatform,
} from './running-platform';
export { createPipeline } from './pipeline';
export {
  createPushChannelSettings,
  startNotificationsProcess,
  testUnsubscribeSecret,
} from './notifications-process';
export type { NotificationsProcess, NotificationsProcessOptions } from './notifications-process';
export { startTestSmtpServer } from './test-smtp-server';
export type { TestEmail, TestSmtpServer } from './test-smtp-server';
export type { BrokerApiProcess, Pipeline, PipelineOptions } from './pipeline';
export {
  absentAlertsApiUrl,
  absentAnalyticsApiUrl,
  absentGeofencingApiUrl,
  absentNotificationsApiUrl,
  alertsApiToken,
  analyticsApiToken,
  geofencingApiToken,
  brokerApiRegistryReadToken,
  brokerApiToken,
  createBrokerApiEnv,
  createFanOutEnv,
  createPublicApiEnv,
  createSigningKey,
  createStateWorkersEnv,
  testTimeSeriesRetention,
  fanOutServiceToken,
  fanOutSourceForBrokerApi,
  notificationsApiToken,
  stateWorkersRetryDelaysMs,
  unreachedPublicApiLimits,
} from './pipeline-env';
export type { PipelineResources } from './pipeline-env';
export { deleteAmqpTopology } from './amqp-topology';
export { startServiceWithDatabase } from './service-with-database';
export type { ServiceWithDatabase } from './service-with-database';
export { startAnalyticsProcess } from './analytics-process';
export type { AnalyticsProcess } from './analytics-process';
export { startGeofencingProcess } from './geofencing-process';
export type { GeofencingProcess } from './geofencing-process';
export { listenForEvents, type EventListener, type HeardMessage } from './event-listener';
export type { AmqpTopologyExtras } from './amqp-topology';
export { createTestCertificate, jsonAnswer, startHttpStandIn } from './http-stand-in';
export type { HttpStandIn, StandInAnswer, StandInRequest } from './http-stand-in';
