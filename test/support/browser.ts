/**
 * The browser harness of the e2e suites: Debian's Chromium driven by playwright-core, one page whose requests and
 * script errors are recorded, and numbered screenshots in a temporary folder (or E2E_SCREENSHOTS_DIR). Without a
 * Chromium a suite is skipped with a loud notice, unless `REQUIRE_BROWSER=1` (set by .ci/run), which makes that a
 * failure.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * As the machine notes say Debian's Chromium runs here: as root (no sandbox), no GPU, and none of its own traffic
 * (without the background-networking flags its connections out are refused by the closed network). playwright
 * gives it a new empty profile of its own.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Skips the suite (from its `before`) when there is no Chromium, or fails it under REQUIRE_BROWSER=1. */
export function skipWithoutChromium(context: Mocha.Context): void {
  if (existsSync(CHROMIUM)) return;
  const message = `NO CHROMIUM AT ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`${message}, and REQUIRE_BROWSER=1`);
  console.warn(`\n  !!! ${message}: the browser e2e suite is SKIPPED !!!\n`);
  context.skip();
}

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Every URL the page asked for, and every error its scripts threw. */
  requested: string[];
  pageErrors: string[];
  /** The folder the screenshots go to. */
  screenshots: string;
  /** Takes the next numbered screenshot (`03-name.png`) and returns its file. */
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
  /** Closes the browser and prints where the screenshots are, as `label`. */
  close(label: string): Promise<void>;
}

/** Launches Chromium with one 1280×900 page; `prefix` names the temporary screenshots folder. */
export async function openBrowser(prefix: string): Promise<BrowserSession> {
  const screenshots = process.env.E2E_SCREENSHOTS_DIR ?? mkdtempSync(path.join(tmpdir(), prefix));
  mkdirSync(screenshots, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const requested: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  let shot = 0;
  return {
    browser,
    page,
    requested,
    pageErrors,
    screenshots,
    async screenshot(name, options = {}) {
      shot += 1;
      const file = path.join(screenshots, `${String(shot).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
      return file;
    },
    async close(label) {
      await browser.close();
      if (shot > 0) console.log(`\n  ${label} screenshots: ${screenshots}\n`);
    },
  };
}
