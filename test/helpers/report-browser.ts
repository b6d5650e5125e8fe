/** Opens report pages in Debian's chromium through playwright-core, recording console errors and requests. */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env.ALOE_CHROMIUM ?? '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  // A fresh, temporary user-data-dir is implied by launch().
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
}

export interface OpenedPage {
  page: Page;
  /** console.error/warning messages and uncaught page errors. */
  problems: string[];
  /** Every URL the page asked for. */
  requests: string[];
}

/** Opens a report file and waits until its leaderboard is drawn and usable. */
export async function openReport(browser: Browser, file: string, viewport = { width: 1400, height: 1000 }): Promise<OpenedPage> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="1"]');
  return { page, problems, requests };
}
