// Helpers for the browser tests: a chromium page on the server that
// scripts/run-web started (TABULA_URL, filled by `tabula demo`), which fails
// the test on any console error or uncaught exception. The API helpers of
// tests/api/lib.mjs are reused for set-up through the API and the CLI.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export { api, login, cli, uniq, irCode, vnCccd, BASE, DB } from '../api/lib.mjs';
import { BASE } from '../api/lib.mjs';

export const PASSWORD = 'tabula-demo';
export const LANGS = ['fa', 'vi', 'en'];
const SHOTS = process.env.TABULA_SCREENSHOTS ?? path.resolve('build/screenshots');

let browser;

/** One chromium for the whole file (closed by closeBrowser in an after hook). */
export async function launch() {
  browser ??= await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  return browser;
}

export async function closeBrowser() {
  await browser?.close();
  browser = undefined;
}

/**
 * A fresh page (its own cookies) at WIDTH x HEIGHT. Every console error and
 * page error is recorded; page.expectHttpError(regex) allows the browser's
 * own "Failed to load resource" line for an API answer the test provokes on
 * purpose (a 422 it checks, a 403 csrf it asks for).
 * page.assertClean() fails on anything else.
 */
export async function newPage({ width = 1280, height = 800 } = {}) {
  const b = await launch();
  const context = await b.newContext({ viewport: { width, height }, baseURL: BASE });
  const page = await context.newPage();
  const errors = [];
  const allowed = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location()?.url ?? '';
    if (/^Failed to load resource/.test(m.text()) && allowed.some((re) => re.test(url))) return;
    errors.push(`${m.text()} ${url}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.expectHttpError = (re) => allowed.push(re);
  page.assertClean = () => assert.deepEqual(errors, [], 'console errors');
  page.closeAll = () => context.close();
  return page;
}

/** Open PATH in LANG and sign in as USER; resolves when the home screen shows. */
export async function signIn(page, user, lang = 'en', where = '/') {
  await page.goto(`${where}${where.includes('?') ? '&' : '?'}lang=${lang}`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.locator('.who').waitFor({ state: 'attached' }); // hidden at 360 px
}

/** Save a full-page screenshot as build/screenshots/NAME.png. */
export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * The same, with the viewport first made as tall as the page, so that a
 * sticky bar (a grid's save button) is drawn at the end of the page and not
 * over its middle; the viewport is put back afterwards.
 */
export async function shotTall(page, name) {
  const size = page.viewportSize();
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(h, size.height), 8000) });
  await shot(page, name);
  await page.setViewportSize(size);
}

/** Assert the page does not scroll sideways (e.g. at 360 px). */
export async function assertNoHorizontalScroll(page, what) {
  const { sw, cw } = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth,
  }));
  assert.ok(sw <= cw, `${what}: scrollWidth ${sw} > clientWidth ${cw}`);
}

/** Wait until no "Loading…" status is left on the page. */
export async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('.loading'));
}
