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

/** Whether the SDP puts media on hold (sendonly/inactive in every audio/video section). */
export function sdpIsHold(sdp: string): boolean {
  const sections = sdp.split(/^m=/m).slice(1);
  if (sections.length === 0) return false;
  return sections.every((s) => /^a=(sendonly|inactive)\s*$/m.test(s));
}

export function candidateType(candidate: string): string | undefined {
  return /\btyp (\w+)/.exec(candidate)?.[1];
}
