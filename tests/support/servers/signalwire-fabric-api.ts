/**
 * The 4.0 beta calls the Fabric REST API over https before and during a dial
 * (GET /api/fabric/subscriber/info before connecting, GET /api/fabric/addresses?... to resolve the
 * destination). Nothing may leave the machine, so tests answer those requests inside the browser
 * with Playwright routing; unanswered, the address lookup alone costs ~16 s of DNS failures.
 */
import type { BrowserContext, Page, Route } from '@playwright/test';
import type { HTTPRequest, Page as PuppeteerPage } from 'puppeteer-core';

export interface FabricApiLog {
  /** Every intercepted request, "METHOD path?query". */
  requests: string[];
}

const FABRIC_URL = /^https:\/\/fabric\.[^/]+\/api\//;

// The page's origin is http://127.0.0.1:PORT, so these are cross-origin fetches with an
// Authorization header: Firefox insists on a preflight and CORS headers even for mocked replies.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
};

/** Status and JSON body the fake Fabric API gives for a path. */
function answerFor(path: string, subscriberId: string): { status: number; body: unknown } {
  if (path === '/api/fabric/subscriber/info') return { status: 200, body: { id: subscriberId, fabric_addresses: [] } };
  // An empty directory: the SDK then dials the raw destination URI.
  if (path === '/api/fabric/addresses') return { status: 200, body: { data: [], links: {} } };
  return { status: 404, body: { errors: [{ code: 'not_found', message: 'not in the fake Fabric API' }] } };
}

/** Answers every https://fabric.<domain>/api/... request of `target` locally. */
export async function routeFabricApi(target: Page | BrowserContext, subscriberId = 'user-1'): Promise<FabricApiLog> {
  const log: FabricApiLog = { requests: [] };
  await target.route(FABRIC_URL, (route: Route) => {
    const req = route.request();
    if (req.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS });
    const url = new URL(req.url());
    log.requests.push(`${req.method()} ${url.pathname}${url.search}`);
    const { status, body } = answerFor(url.pathname, subscriberId);
    return route.fulfill({ status, headers: CORS, contentType: 'application/json', body: JSON.stringify(body) });
  });
  return log;
}

/** The same for a puppeteer page (Firefox over WebDriver BiDi); other requests pass through. */
export async function routeFabricApiPuppeteer(page: PuppeteerPage, subscriberId = 'user-1'): Promise<FabricApiLog> {
  const log: FabricApiLog = { requests: [] };
  await page.setRequestInterception(true);
  page.on('request', (req: HTTPRequest) => {
    if (!FABRIC_URL.test(req.url())) return void req.continue();
    if (req.method() === 'OPTIONS') return void req.respond({ status: 204, headers: CORS });
    const url = new URL(req.url());
    log.requests.push(`${req.method()} ${url.pathname}${url.search}`);
    const { status, body } = answerFor(url.pathname, subscriberId);
    void req.respond({ status, headers: CORS, contentType: 'application/json', body: JSON.stringify(body) });
  });
  return log;
}
