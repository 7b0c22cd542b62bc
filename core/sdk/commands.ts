/**
 * Commands that run an SDK's own diagnostics inside the page: their names, how long each hop waits,
 * and which instance a command targets. The messages that carry them (and their validation) are
 * core/messages/sdk-commands.ts:
 *
 *   panel -> service worker -> bridge (every frame) -> page hook (MAIN world), which runs
 *   client.preflight() / getDeviceCapabilities() / exportDiagnostics() and emits sdk.event
 *   {name: 'command.result', data: SdkCommandResult}; that travels with the capture (so it is
 *   recorded and exported) and the bridge, which watches its hook's batches, answers with it.
 */
/** sdk.event name carrying a command's outcome. */
export const COMMAND_RESULT_EVENT = 'command.result' as const;

export const SDK_COMMANDS = ['preflight', 'getDeviceCapabilities', 'exportDiagnostics'] as const;
export type SdkCommandName = (typeof SDK_COMMANDS)[number];

/**
 * How long the hook lets each command run. preflight dials a media test (10 s by default in
 * the 4.x SDK, plus ICE gathering), so it gets longer than the instant ones.
 */
export function hookTimeoutMs(command: SdkCommandName): number {
  return command === 'preflight' ? 60_000 : 20_000;
}
/** Each hop waits a little longer than the one it forwards to, so the innermost time-out is the one reported. */
export function relayTimeoutMs(command: SdkCommandName, hop: 'bridge' | 'worker' | 'panel'): number {
  const extra = hop === 'bridge' ? 3_000 : hop === 'worker' ? 6_000 : 9_000;
  return hookTimeoutMs(command) + extra;
}

/**
 * Whether a command addressed to `requested` targets the instance the hook knows as `local`.
 * Downstream stages may prefix ids (e.g. with a frame key); hook ids carry a random token, so a
 * suffix match after a separator cannot hit another instance.
 */
export function sdkIdMatches(requested: string, local: string): boolean {
  if (requested === local) return true;
  if (!requested.endsWith(local)) return false;
  const sep = requested.charAt(requested.length - local.length - 1);
  return sep === ':' || sep === '/' || sep === '|';
}
