/** A readable summary of each m-line of an SDP: what a person checks first when media fails. */

export interface MLineSummary {
  kind: string;
  port: string;
  protocol: string;
  mid?: string;
  direction: string;
  codecs: string[];
  iceUfrag?: string;
  candidates: number;
  hasFingerprint: boolean;
  ssrcs: number;
  rtcpMux: boolean;
  extensions: number;
}

const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

export function summarizeSdp(sdp: string): { session: { iceUfrag?: string; hasFingerprint: boolean; bundle?: string }; media: MLineSummary[] } {
  const lines = sdp.split(/\r?\n/);
  const session = { iceUfrag: undefined as string | undefined, hasFingerprint: false, bundle: undefined as string | undefined };
  const media: MLineSummary[] = [];
  let cur: MLineSummary | undefined;
  const ssrcs = new Set<string>();
  const payloadOrder: string[] = [];
  const rtpmap = new Map<string, string>();
  const finish = () => {
    if (!cur) return;
    cur.codecs = payloadOrder.map((pt) => rtpmap.get(pt) ?? pt);
    cur.ssrcs = ssrcs.size;
    media.push(cur);
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      finish();
      const [kind = '', port = '', protocol = '', ...pts] = line.slice(2).split(' ');
      cur = { kind, port, protocol, direction: 'sendrecv', codecs: [], candidates: 0, hasFingerprint: session.hasFingerprint, ssrcs: 0, rtcpMux: false, extensions: 0 };
      cur.iceUfrag = session.iceUfrag;
      ssrcs.clear();
      rtpmap.clear();
      payloadOrder.length = 0;
      payloadOrder.push(...pts);
      continue;
    }
    if (!line.startsWith('a=')) continue;
    const attr = line.slice(2);
    const colon = attr.indexOf(':');
    const name = colon < 0 ? attr : attr.slice(0, colon);
    const value = colon < 0 ? '' : attr.slice(colon + 1);
    if (!cur) {
      if (name === 'ice-ufrag') session.iceUfrag = value;
      else if (name === 'fingerprint') session.hasFingerprint = true;
      else if (name === 'group' && value.startsWith('BUNDLE')) session.bundle = value.slice(7);
      continue;
    }
    if (DIRECTIONS.has(name)) cur.direction = name;
    else if (name === 'mid') cur.mid = value;
    else if (name === 'ice-ufrag') cur.iceUfrag = value;
    else if (name === 'fingerprint') cur.hasFingerprint = true;
    else if (name === 'candidate') cur.candidates++;
    else if (name === 'rtcp-mux') cur.rtcpMux = true;
    else if (name === 'extmap') cur.extensions++;
    else if (name === 'ssrc') ssrcs.add(value.split(' ')[0] ?? '');
    else if (name === 'rtpmap') {
      const [pt = '', codec = ''] = value.split(' ');
      rtpmap.set(pt, codec);
    }
  }
  finish();
  return { session, media };
}

/** Offer and answer the page applied to a peer connection, from its API log. */
export function sdpsOf(log: readonly { kind: string; method?: string; args?: unknown[] }[]): { local?: { type: string; sdp: string }; remote?: { type: string; sdp: string } } {
  let local: { type: string; sdp: string } | undefined;
  let remote: { type: string; sdp: string } | undefined;
  for (const ev of log) {
    if (ev.kind !== 'pc.call' || !ev.args) continue;
    const d = ev.args[0] as { type?: unknown; sdp?: unknown } | undefined;
    if (!d || typeof d.sdp !== 'string') continue;
    const desc = { type: typeof d.type === 'string' ? d.type : '', sdp: d.sdp };
    if (ev.method === 'setLocalDescription') local = desc;
    else if (ev.method === 'setRemoteDescription') remote = desc;
  }
  return { local, remote };
}
