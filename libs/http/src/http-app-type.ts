// Services build their OpenAPI documents through this app (route schemas' `security`, `app.swagger()`):
// @fastify/swagger's fastify augmentation is part of its type, also in the emitted declarations.
/// <reference types="@fastify/swagger" preserve="true" />
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyPluginAsync,
  FastifyPluginOptions,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

/** The fastify instance services get: route schemas are typebox types, and handlers are typed from them. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A route module: `export const deviceRoutes: HttpRoutes<{ devices: DeviceService }> = async (app, { devices }) => ...`. */
export type HttpRoutes<Options extends FastifyPluginOptions = Record<string, never>> = FastifyPluginAsync<
  Options,
  RawServerDefault,
  TypeBoxTypeProvider
>;
