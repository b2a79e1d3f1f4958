export { buildHttpApp } from './http-app';
export type { HttpAppOptions } from './http-app';
export type { HttpApp, HttpRoutes } from './http-app-type';
export type { OAuthFlows, OpenApiInfo, SecurityScheme } from './openapi';
export { findFreePort, isPortFree } from './listen-ports';
export { runReadinessChecks } from './readiness';
export type { CheckResult, ReadinessCheck, ReadinessReport } from './readiness';
export { generateRequestId, isSaneRequestId, requestIdHeader } from './request-id';
export { serveWorker } from './serve-worker';
export type { ServedWorker, WorkerWork } from './serve-worker';
export { startHttpServer } from './start-http-server';
export type { HttpServer } from './start-http-server';
export { httpErrorSchema, httpStatusByKind, toHttpError } from './to-http-error';
export type { FieldError, HttpError, HttpErrorBody } from './to-http-error';
export { createInternalApiTransport } from './internal-api-client';
export type {
  InternalApiQuery,
  InternalApiSend,
  InternalApiTransport,
  InternalApiTransportOptions,
} from './internal-api-client';
export { requireServiceToken } from './service-token';
