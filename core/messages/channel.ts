/**
 * One typed channel over a runtime port: what arrives is validated by the receiver's parser before
 * any handler sees it, and what is sent is typed by the direction the port carries. Every port of
 * the extension (capture, panel, preflight) is used through one of these, so no receiver reads a raw
 * message by hand.
 *
 *   const ch = channel<BridgeToWorkerParsed, WorkerToBridge>(port, parseBridgeMessage);
 *   ch.on((m) => ...);   // only messages the parser accepted
 *   ch.send(ack);        // typed; throws as postMessage does when the port is gone
 */

/**
 * What this code uses of a runtime port (browser.runtime.Port): the bridge, the worker, the panel
 * and the panel's in-page preflight take one of these, so tests can hand them a fake.
 */
export interface PortLike {
  postMessage(msg: unknown): void;
  disconnect(): void;
  onMessage: { addListener(fn: (msg: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

/** Returns the validated message, or null/undefined for anything the receiver must drop. */
export type Parse<In> = (raw: unknown) => In | null | undefined;

export interface Channel<In, Out> {
  readonly port: PortLike;
  /** Posts a message of this direction. Throws as the port does once disconnected. */
  send(msg: Out): void;
  /** Calls fn with every message the parser accepts; `dropped` gets the raw ones it refused. */
  on(fn: (msg: In) => void, dropped?: (raw: unknown) => void): void;
  onClose(fn: () => void): void;
  close(): void;
}

export function channel<In, Out>(port: PortLike, parse: Parse<In>): Channel<In, Out> {
  return {
    port,
    send(msg) {
      port.postMessage(msg);
    },
    on(fn, dropped) {
      port.onMessage.addListener((raw) => {
        const msg = parse(raw);
        if (msg === null || msg === undefined) dropped?.(raw);
        else fn(msg);
      });
    },
    onClose(fn) {
      port.onDisconnect.addListener(fn);
    },
    close() {
      port.disconnect();
    },
  };
}
