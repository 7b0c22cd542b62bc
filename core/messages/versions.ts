/**
 * Every protocol that crosses a boundary between the extension's worlds, with the name of the port
 * or channel it travels on and its version: the one place to read them all (PROTOCOLS below), and
 * the one place a version is bumped. Bump a version when a message of that protocol changes
 * incompatibly; receivers drop messages whose `v` is not theirs.
 *
 * The names are also exported one by one because the page hook imports them: the bundler inlines a
 * string or number, whereas a reference to PROTOCOLS would carry the whole table into the hook
 * (which has a size budget) and the test-boot name into production builds (which must not hold it,
 * see scripts/package.ts). Runtime code therefore uses the single names; PROTOCOLS is for readers,
 * docs and tests, and types (`Version<…>`) read it for free. Dependency-free: Node scripts import it.
 */

// hook (MAIN world) -> bridge (isolated world): window.postMessage, or a synchronous CustomEvent.
/** `source` tag on window messages from the MAIN-world hook to the isolated-world bridge. */
export const HOOK_MESSAGE_SOURCE = 'rtc-devtools-hook' as const;
/**
 * Type of the CustomEvent the hook dispatches on its window to hand a batch to the bridge
 * synchronously (detail: a HookBatch). Used when the document is going away (pagehide, freeze,
 * hidden): a window message is delivered in a later task, which never runs once the document is
 * unloaded, so the last frames (a `bye`, a `close()`) would be lost. The bridge stops it before any
 * page listener, as it does the messages.
 */
export const HOOK_SYNC_EVENT = 'rtc-devtools-hook-batch' as const;
/** 2: events travel as one JSON text per batch (1 sent them as an array of objects). */
export const HOOK_PROTOCOL_VERSION = 2 as const;

// bridge <-> service worker: runtime port.
export const CAPTURE_PORT = 'rtc-devtools/capture' as const;
/** 2: batches carry the hook's JSON text unparsed. */
export const CAPTURE_PROTOCOL_VERSION = 2 as const;

// panel <-> service worker: runtime port.
export const PANEL_PORT = 'rtc-devtools/panel' as const;
export const PORT_PROTOCOL_VERSION = 1 as const;

// panel -> worker -> top-frame bridge (and replies back): one runtime port per run, each hop its own.
export const PREFLIGHT_PORT = 'rtc-devtools/preflight' as const;
/** `type` of every message on a preflight port. */
export const PREFLIGHT_MESSAGE_TYPE = 'rtc-devtools/preflight' as const;
export const PREFLIGHT_PROTOCOL_VERSION = 1 as const;

// panel -> worker -> bridge (runtime messages), bridge -> hook (window message); results come back.
/** `type` of the runtime messages panel -> worker -> bridge. */
export const RUNTIME_COMMAND_TYPE = 'rtc-devtools/sdk-command' as const;
/** `source` tag of window messages from the isolated-world bridge to the MAIN-world hook. */
export const BRIDGE_MESSAGE_SOURCE = 'rtc-devtools-bridge' as const;
export const SDK_COMMAND_VERSION = 1 as const;

// Simulate: panel port (fault.arm / fault.stop, fault.reply back) -> worker --runtime message-->
// every frame's bridge --window message--> page hook. What the hook did comes back in the capture
// (fault.* events), like everything else it sees.
/** `type` of the runtime messages worker -> bridge carrying a fault order. */
export const FAULT_MESSAGE_TYPE = 'rtc-devtools/fault' as const;
/** `source` tag of window messages from the bridge to the hook carrying a fault order. */
export const FAULT_MESSAGE_SOURCE = 'rtc-devtools-fault' as const;
export const FAULT_PROTOCOL_VERSION = 1 as const;
// any extension page (panel, Playwright fixture, MCP helper) -> service worker, which asks the tab's
// SDK clients through the sdkCommand path; one runtime message and its reply.
/** `type` of the "ask the SDK before export" request and its reply (core/messages/sdk-diagnostics.ts). */
export const SDK_DIAGNOSTICS_TYPE = 'rtc-devtools/sdk-diagnostics' as const;
export const SDK_DIAGNOSTICS_VERSION = 1 as const;

// extension pages (tests, curious developers) -> service worker: runtime messages, not versioned:
// only the extension's own pages may send them, and they are read by type alone.
export const DEBUG_MESSAGE = 'rtc-devtools/debug' as const;
/** Answered only by test builds (RTC_TEST_HOOKS=1) with the id of the background's current start. */
export const TEST_BOOT_MESSAGE = 'rtc-devtools/test-boot' as const;

/** The table: who talks to whom, on which channel, at which version. */
export const PROTOCOLS = {
  hook: { from: 'page hook', to: 'bridge', transport: 'window message / CustomEvent', channel: HOOK_MESSAGE_SOURCE, syncEvent: HOOK_SYNC_EVENT, version: HOOK_PROTOCOL_VERSION },
  capture: { from: 'bridge', to: 'service worker (and acks back)', transport: 'runtime port', channel: CAPTURE_PORT, version: CAPTURE_PROTOCOL_VERSION },
  panel: { from: 'panel', to: 'service worker (and capture back)', transport: 'runtime port', channel: PANEL_PORT, version: PORT_PROTOCOL_VERSION },
  preflight: { from: 'panel', to: 'service worker, then top-frame bridge (replies back)', transport: 'runtime port per hop', channel: PREFLIGHT_PORT, messageType: PREFLIGHT_MESSAGE_TYPE, version: PREFLIGHT_PROTOCOL_VERSION },
  sdkCommand: { from: 'panel', to: 'service worker, bridge, page hook (result back)', transport: 'runtime message, then window message', channel: RUNTIME_COMMAND_TYPE, windowSource: BRIDGE_MESSAGE_SOURCE, version: SDK_COMMAND_VERSION },
  fault: { from: 'service worker (orders from the panel port)', to: 'every bridge of the tab, page hook', transport: 'runtime message, then window message', channel: FAULT_MESSAGE_TYPE, windowSource: FAULT_MESSAGE_SOURCE, version: FAULT_PROTOCOL_VERSION },
  sdkDiagnostics: { from: 'extension page', to: 'service worker (which runs sdkCommand exportDiagnostics per client)', transport: 'runtime message', channel: SDK_DIAGNOSTICS_TYPE, version: SDK_DIAGNOSTICS_VERSION },
  debug: { from: 'extension page', to: 'service worker', transport: 'runtime message', channel: DEBUG_MESSAGE, version: null },
  testBoot: { from: 'extension page (test builds)', to: 'service worker', transport: 'runtime message', channel: TEST_BOOT_MESSAGE, version: null },
} as const;

export type Protocol = keyof typeof PROTOCOLS;
/** The `v` a message of protocol P carries. */
export type Version<P extends Protocol> = (typeof PROTOCOLS)[P]['version'];
