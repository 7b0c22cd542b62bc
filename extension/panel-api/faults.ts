/**
 * What the panel calls to arm or stop Simulate's faults on the inspected tab: one panel port per
 * order (the same message any extension page may send, docs/simulate.md), resolved with the
 * worker's WorkerFaultReply. Never rejects: a dead worker or a time-out comes back as `ok: false`.
 */
import type { Runtime } from 'webextension-polyfill';
import { PANEL_PORT, PORT_PROTOCOL_VERSION } from '../../core/messages/versions.js';
import { faultReply, type WorkerFaultReply } from '../../core/messages/faults.js';
import type { Fault } from '../../core/simulate/faults.js';
import type { FaultOrders } from '../../ui/host.js';

const REPLY_TIMEOUT_MS = 8000;
let n = 0;

export function faultOrders(connect: (name: string) => Runtime.Port, tabId: number): FaultOrders {
  const send = (msg: Record<string, unknown>): Promise<WorkerFaultReply> => {
    const reqId = `panel-${Date.now().toString(36)}-${++n}`;
    return new Promise((resolve) => {
      let port: Runtime.Port | undefined;
      const done = (r: WorkerFaultReply) => {
        clearTimeout(timer);
        try {
          port?.disconnect();
        } catch {
          /* already gone */
        }
        resolve(r);
      };
      const timer = setTimeout(() => done(faultReply(tabId, reqId, false, { error: 'the extension did not answer in time' })), REPLY_TIMEOUT_MS);
      try {
        port = connect(PANEL_PORT);
        port.onMessage.addListener((m: unknown) => {
          const r = m as Partial<WorkerFaultReply>;
          if (r?.type === 'fault.reply' && r.reqId === reqId) done(r as WorkerFaultReply);
        });
        port.postMessage({ ...msg, v: PORT_PROTOCOL_VERSION, tabId, reqId });
      } catch (e) {
        done(faultReply(tabId, reqId, false, { error: e instanceof Error ? e.message : String(e) }));
      }
    });
  };
  return {
    arm: (fault: Fault) => send({ type: 'fault.arm', fault }),
    stop: (faultId?: string) => send(faultId === undefined ? { type: 'fault.stop' } : { type: 'fault.stop', faultId }),
  };
}
