/**
 * The 4.0 beta calls the Fabric REST API over https before and during a dial
 * (GET /api/fabric/subscriber/info before connecting, GET /api/fabric/addresses?... to resolve the
 * destination). Nothing may leave the machine, so tests answer those requests inside the browser
 * with Playwright routing; unanswered, the address lookup alone costs ~16 s of DNS failures.
 */
import type { BrowserContext, Page, Route } from '@playwright/test';

export interface FabricApiLog {
  /** Every intercepted request, "METHOD path?query". */
  requests: string[];
}

const FABRIC_URL = /^https:\/\/fabric\.[^/]+\/api\//;

function json(route: Route, status: number, body: unknown): Promise<void> {
  return route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
}

/** Answers every https://fabric.<domain>/api/... request of `target` locally. */
export async function routeFabricApi(target: Page | BrowserContext, subscriberId = 'user-1'): Promise<FabricApiLog> {
  const log: FabricApiLog = { requests: [] };
  await target.route(FABRIC_URL, (route) => {
    const url = new URL(route.request().url());
    log.requests.push(`${route.request().method()} ${url.pathname}${url.search}`);
    if (url.pathname === '/api/fabric/subscriber/info') {
      return json(route, 200, { id: subscriberId, fabric_addresses: [] });
    }
    if (url.pathname === '/api/fabric/addresses') {
      // An empty directory: the SDK then dials the raw destination URI.
      return json(route, 200, { data: [], links: {} });
    }
    return json(route, 404, { errors: [{ code: 'not_found', message: 'not in the fake Fabric API' }] });
  });
  return log;
}
