/**
 * Which SDK self-tests a user can run from the panel: one row per client instance that offers at
 * least one command, with only those commands, and a sentence for whatever offers none, so no
 * button promises a check that can only answer "not supported".
 */
import type { SdkCommandName } from './commands.js';
import { sdkFamily, type SdkIdentity } from './identity.js';
import type { SdkClientState } from './summary.js';

export interface CommandRow {
  /** sdk.found id to send the command to. */
  id: string;
  /** The hook's SDK name ('telnyx', 'signalwire'), as the buttons say it. */
  sdk: string;
  /** "@telnyx/webrtc 2.27.10" or with the app's label: "@signalwire/js 4.0.0 “line 2”". */
  label: string;
  commands: SdkCommandName[];
}

export interface CommandOffers {
  rows: CommandRow[];
  /** One line about what cannot run (no client yet, or clients without self-tests); '' if nothing to say. */
  note: string;
}

function majorOf(v: string): string | undefined {
  return /^(\d+)\./.exec(v)?.[1];
}

/** The version the SDK list shows for this client's family, when it is the same generation. */
function familyVersion(s: SdkClientState, families: readonly SdkIdentity[]): string {
  const fam = sdkFamily(s.sdk);
  const same = families.filter((f) => f.name === fam && f.version);
  const m = majorOf(s.version);
  const pick = same.find((f) => m !== undefined && majorOf(f.version) === m) ?? (same.length === 1 && m === undefined ? same[0] : undefined);
  return pick?.version ?? (s.version === 'unknown' ? '' : s.version);
}

function nameOf(s: SdkClientState, families: readonly SdkIdentity[]): string {
  const v = familyVersion(s, families);
  return `${sdkFamily(s.sdk)}${v ? ` ${v}` : ''}`;
}

function joinNames(names: string[]): string {
  const u = [...new Set(names)];
  return u.length <= 1 ? (u[0] ?? '') : `${u.slice(0, -1).join(', ')} and ${u.at(-1)}`;
}

export function commandOffers(states: readonly SdkClientState[], families: readonly SdkIdentity[] = []): CommandOffers {
  const clients = states.filter((s) => !s.library);
  const rows: CommandRow[] = [];
  const without: string[] = [];
  for (const s of clients) {
    const name = nameOf(s, families);
    // A destroyed client cannot run anything, whatever its SDK offers.
    if (s.commands.length === 0 || s.destroyed) without.push(name);
    else rows.push({ id: s.id, sdk: s.sdk, label: s.name ? `${name} “${s.name}”` : name, commands: [...s.commands] });
  }
  let note = '';
  if (states.length === 0) note = 'No SDK instance found in the page, so its own checks cannot run.';
  else if (clients.length === 0) {
    const libs = joinNames(states.map((s) => nameOf(s, families)));
    note = `${libs} is loaded but no client was created yet, so its own checks cannot run; use the checks above.`;
  } else if (rows.length === 0) {
    const one = new Set(without).size === 1;
    note = `${one ? 'This SDK' : 'These SDKs'} (${joinNames(without)}) offer${one ? 's' : ''} no self-test; use the checks above.`;
  } else if (without.length > 0) note = `${joinNames(without)}: no self-test offered.`;
  return { rows, note };
}
