import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (scripts/services.sh installs it): playwright-core downloads no browser. */
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Headless Chromium as root in a container: no sandbox, no GPU, and none of the background traffic to
 * Google's hosts that it would keep retrying without a network (docs: /work/shared/TOOLCHAIN.md); `extraArgs`
 * add to these (a fake camera).
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/** Where the journey's screenshots go (an artifact of the CI run, ignored by git). */
export const screenshotDir = path.join(__dirname, '..', '..', 'test-results');

/** Saves what the page shows now as test-results/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** The page's accessibility violations that axe-core rates serious or critical, by rule and element. */
export async function findSeriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** Checks what every page must be, after a screenshot: no serious accessibility violation, nothing wider than the viewport. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await saveScreenshot(page, name);
  expect({ page: name, violations: await findSeriousViolations(page) }).toEqual({
    page: name,
    violations: [],
  });
  expect({ page: name, scrollsSideways: await scrollsSideways(page) }).toEqual({
    page: name,
    scrollsSideways: false,
  });
}
