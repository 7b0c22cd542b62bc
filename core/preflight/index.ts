/** Public entry of core/preflight: run checks in a page, read the result, format it for a ticket. */
import type { Observable } from 'rxjs';
import { BROWSER_CHECKS } from './checks/index.js';
import { runPreflight, type Plan } from './runner.js';
import type { PreflightConfig, PreflightEvent } from './types.js';

export * from './types.js';
export { ALL_CHECKS, EMPTY_FIELDS, DEFAULT_DURATIONS, DEFAULT_RESOLUTIONS, configFromFields, defaultConfig, fieldsFromQuery, redactConfig, stripUrlSecrets } from './config.js';
export type { ConfigFields, ConfigProblem } from './config.js';
export { estimateMos, qualityBand, rFactorOf, mosFromR } from './mos.js';
export type { QualityBand } from './mos.js';
export { overallVerdict, verdictText } from './verdict.js';
export { formatPreflightSummary } from './summary.js';
export { DEFAULT_PLAN, cancelledResult, preflightResult } from './runner.js';
export { BROWSER_CHECKS } from './checks/index.js';

/** Runs the browser checks; unsubscribe to cancel. */
export function runBrowserPreflight(config: PreflightConfig, plan?: Plan): Observable<PreflightEvent> {
  return runPreflight(config, { definitions: BROWSER_CHECKS, ...(plan ? { plan } : {}) });
}
