import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { HttpApp } from './http-app-type';

/** What the generated OpenAPI document says about the service. */
export interface OpenApiInfo {
  /** Defaults to `<service> API`. */
  title?: string;
  version: string;
  description?: string;
  /** The OpenAPI version of the document; defaults to 3.0.3. 3.1.0 keeps JSON Schema `examples` as written. */
  openapiVersion?: '3.0.3' | '3.1.0';
  /** `components.securitySchemes`; a route names the ones it needs in its schema's `security`. */
  securitySchemes?: Readonly<Record<string, SecurityScheme>>;
  /** OpenAPI 3.1 `webhooks`: the requests the service makes to its clients' URLs (Path Item Objects by name). */
  webhooks?: Readonly<Record<string, unknown>>;
}

/** An OpenAPI security scheme (the kinds the services use). */
export type SecurityScheme =
  | { type: 'http'; scheme: 'bearer'; bearerFormat?: string; description?: string }
  | { type: 'http'; scheme: 'basic'; description?: string }
  | { type: 'apiKey'; in: 'header'; name: string; description?: string }
  | { type: 'oauth2'; flows: OAuthFlows; description?: string };

/** The OAuth 2.0 flows of an `oauth2` security scheme (OpenAPI 3.1 §4.8.29), scopes by name with their meaning. */
export interface OAuthFlows {
  authorizationCode?: {
    authorizationUrl: string;
    tokenUrl: string;
    refreshUrl?: string;
    scopes: Readonly<Record<string, string>>;
  };
  clientCredentials?: { tokenUrl: string; scopes: Readonly<Record<string, string>> };
}

/**
 * Generates an OpenAPI 3 document from the route schemas, served at GET /openapi.json, with the
 * Swagger UI at /docs. Must be awaited before routes are added: swagger collects routes as they register.
 */
export async function registerOpenApi(app: HttpApp, service: string, info: OpenApiInfo): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: info.openapiVersion ?? '3.0.3',
      info: {
        title: info.title ?? `${service} API`,
        version: info.version,
        description: info.description ?? '',
      },
      ...(info.securitySchemes && { components: { securitySchemes: { ...info.securitySchemes } } }),
      ...(info.webhooks && { webhooks: { ...info.webhooks } }),
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', logLevel: 'warn' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
