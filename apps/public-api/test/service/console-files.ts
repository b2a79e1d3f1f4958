import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type SharedTestEnvironment, type TestEnvironment, type TestInstance } from '../support/environment';

/** A console build as `vite build` lays it out: the page, and assets named by their content's hash. */
function writeConsoleBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'homeport-console-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Homeport</title><div id="app"></div>');
  writeFileSync(path.join(dir, 'assets', 'index-C7B57u.js'), 'console.log("console");');
  return dir;
}

export function describeConsoleFiles(shared: SharedTestEnvironment): void {
  describe('public-api serving the web console (CONSOLE_DIR)', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;
    const consoleDir = writeConsoleBuild();

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance({ CONSOLE_DIR: consoleDir });
    });
    afterAll(async () => {
      await environment.close();
      rmSync(consoleDir, { recursive: true, force: true });
    });

    it('a browser opening / gets the console page, checked again at each visit and confined to its own origin', async () => {
      const page = await fetch(`${instance.running.http.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await page.text()).toContain('<div id="app">');
    });

    it("the page's hashed assets are cached for good", async () => {
      const asset = await fetch(`${instance.running.http.url}/assets/index-C7B57u.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await asset.text()).toContain('console');
    });

    it('the API keeps its routes and its JSON 404s, and its OpenAPI document lists no console file', async () => {
      expect((await instance.api('GET', '/v1/no-such-route')).body).toMatchObject({
        code: 'ROUTE_NOT_FOUND',
      });
      expect((await instance.api('GET', '/no-such-file.js')).status).toBe(404);
      expect((await instance.api('GET', '/health')).status).toBe(200);
      const document = (await instance.api<{ paths: Record<string, unknown> }>('GET', '/openapi.json')).body;
      const consoleRoutes = Object.keys(document.paths).filter(
        (route) => route === '/' || route.endsWith('.html') || route.startsWith('/assets'),
      );
      expect(consoleRoutes).toEqual([]);
    });

    it('a CONSOLE_DIR without a built console stops the start, saying how to build it', async () => {
      const empty = mkdtempSync(path.join(tmpdir(), 'homeport-console-empty-'));
      await expect(environment.startInstance({ CONSOLE_DIR: empty })).rejects.toThrow(
        /CONSOLE_DIR: .* has no index.html: build the console/,
      );
      rmSync(empty, { recursive: true, force: true });
    });
    it("the console's settings: no map tiles unless configured; configured, their origin may serve the page's images", async () => {
      expect(await instance.api('GET', '/v1/console/settings')).toMatchObject({
        status: 200,
        body: { mapTilesUrl: null },
      });
      const mapTilesUrl = 'https://tiles.example.org/osm/{z}/{x}/{y}.png';
      const withTiles = await environment.startInstance({
        CONSOLE_DIR: consoleDir,
        CONSOLE_MAP_TILES_URL: mapTilesUrl,
      });
      expect((await withTiles.api('GET', '/v1/console/settings')).body).toEqual({ mapTilesUrl });
      const page = await fetch(`${withTiles.running.http.url}/`);
      expect(page.headers.get('content-security-policy')).toContain(
        "img-src 'self' data: https://tiles.example.org;",
      );
      await expect(
        environment.startInstance({
          CONSOLE_DIR: consoleDir,
          CONSOLE_MAP_TILES_URL: 'https://tiles.example.org/a.png',
        }),
      ).rejects.toThrow(/CONSOLE_MAP_TILES_URL/);
    });
  });
}
