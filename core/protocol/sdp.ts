/** The few SDP facts that tie a signaled call to the RTCPeerConnection that carried it. */

export interface SdpKeys {
  ufrags: string[];
  fingerprints: string[];
}

export function sdpKeys(sdp: string): SdpKeys {
  const ufrags = new Set<string>();
  const fingerprints = new Set<string>();
  for (const m of sdp.matchAll(/^a=ice-ufrag:(\S+)/gm)) ufrags.add(m[1]!);
  for (const m of sdp.matchAll(/^a=fingerprint:(\S+ \S+)/gm)) fingerprints.add(m[1]!.toUpperCase());
  return { ufrags: [...ufrags], fingerprints: [...fingerprints] };
}

/** Keys usable in one map: ufrags are unique per session; fingerprints may be shared, so they come second. */
export function linkKeys(sdp: string): string[] {
  const k = sdpKeys(sdp);
  return [...k.ufrags.map((u) => 'u:' + u), ...k.fingerprints.map((f) => 'f:' + f)];
}

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** The direction attribute one m-section states itself, if any. */
function statedDirection(text: string): SdpDirection | undefined {
  return /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(text)?.[1] as SdpDirection | undefined;
}

/** Whether the SDP puts media on hold (sendonly/inactive in every audio/video section). */
export function sdpIsHold(sdp: string): boolean {
  const sections = sdp.split(/^m=/m).slice(1);
  if (sections.length === 0) return false;
  return sections.every((s) => {
    const d = statedDirection(s);
    return d === 'sendonly' || d === 'inactive';
  });
}

/** One audio or video m-section as its writer states it: sendonly means "I send only". */
export interface SdpMediaSection {
  kind: 'audio' | 'video';
  direction: SdpDirection;
}

/**
 * Direction of every audio/video m-section, in m-line order (offer and answer keep that order). A section
 * without its own attribute takes the session-level one, else sendrecv (RFC 4566 §6); a rejected one
 * (port 0) carries nothing, so it reads inactive. Data channels (m=application) carry no RTP and are left out.
 */
export function sdpMediaDirections(sdp: string): SdpMediaSection[] {
  const [session = '', ...sections] = sdp.split(/^m=/m);
  const fallback = statedDirection(session) ?? 'sendrecv';
  const out: SdpMediaSection[] = [];
  for (const s of sections) {
    const head = /^(\w+) (\d+)/.exec(s);
    if (!head || (head[1] !== 'audio' && head[1] !== 'video')) continue;
    const direction = head[2] === '0' ? 'inactive' : (statedDirection(s) ?? fallback);
    out.push({ kind: head[1], direction });
  }
  return out;
}

/** The same direction seen from the other end: their recvonly is our sendonly. */
export function reverseDirection(d: SdpDirection): SdpDirection {
  return d === 'sendonly' ? 'recvonly' : d === 'recvonly' ? 'sendonly' : d;
}

export function candidateType(candidate: string): string | undefined {
  return /\btyp (\w+)/.exec(candidate)?.[1];
}
