/**
 * What only the extension can hand the shared UI: the port back to the service worker and a way to
 * run checks inside the inspected page. The panel's entry (extension/panel/main.tsx) passes these
 * to App; the offline viewer passes none. Declared here, not imported from extension/, so ui/
 * depends on core/ alone and the viewer never pulls extension code in.
 */
import type { Observable } from 'rxjs';
import type { PanelToWorker } from '../core/messages/panel-worker.js';
import type { PreflightConfig, PreflightEvent } from '../core/preflight/types.js';
import type { WorkerFaultReply } from '../core/messages/faults.js';
import type { Fault } from '../core/simulate/faults.js';

/** The live panel's link to the worker (extension/panel/data/port-source.ts connectLive). */
export interface LiveConnection {
  send(msg: PanelToWorker): void;
  close(): void;
}

/** Runs preflight checks in tab `tabId`'s page, with its origin, permissions and devices (extension/panel-api/pagePreflight.ts). */
export type InPagePreflight = (tabId: number, config: PreflightConfig) => Observable<PreflightEvent>;

/**
 * Asks the inspected page's SDK clients for their own diagnostics before an export
 * (extension/panel-api/sdkDiagnostics.ts): the entries of the bundle's sdkDiagnostics[].
 */
export type SdkDiagnosticsAsker = () => Promise<unknown[]>;

/** Arms and stops Simulate's faults on the inspected tab (extension/panel-api/faults.ts). Never rejects. */
export interface FaultOrders {
  arm(fault: Fault): Promise<WorkerFaultReply>;
  /** One fault, or every fault of the tab (`Stop simulating`). */
  stop(faultId?: string): Promise<WorkerFaultReply>;
}
