import fastifyStatic from '@fastify/static';
import type { HttpApp } from '@homeport/http';
import path from 'node:path';

/**
 * The console's page may run only its own scripts and styles and talk only to this origin (uPlot sets
 * inline styles on its canvas, hence 'unsafe-inline' for styles only); images also from the map tiles' origin.
 */
const consolePagePolicy = (mapTilesUrl: string | undefined) =>
  `default-src 'self'; img-src 'self' data:${mapTilesUrl === undefined ? '' : ` ${new URL(mapTilesUrl).origin}`}; ` +
  "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Serves the web console's built files (web/console, `vite build`) at `/`: one route per file, so the API's
 * routes and its 404s stay as they are (the console routes by the URL's hash, so no fallback is needed).
 * Files under assets/ are named by their content's hash and cached for good; the page is checked each time.
 */
export async function serveConsoleFiles(
  app: HttpApp,
  consoleDir: string,
  mapTilesUrl: string | undefined,
): Promise<void> {
  const root = path.resolve(consoleDir);
  const pagePolicy = consolePagePolicy(mapTilesUrl);
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    schemaHide: true,
    setHeaders(reply, filePath) {
      const isAsset = path.relative(root, filePath).startsWith(`assets${path.sep}`);
      void reply.header('cache-control', isAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
      void reply.header('x-content-type-options', 'nosniff');
      if (filePath.endsWith('.html')) void reply.header('content-security-policy', pagePolicy);
    },
  });
}
