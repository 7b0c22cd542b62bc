/**
 * P2: what the hook costs peer connection work: a create + createOffer + setLocalDescription loop
 * with the extension and without (alternating rounds in one run). The per-second stats collection
 * cost is reported from the hook's own samples against bare getStats calls on the same connection.
 */
import type { Figure } from '../types.js';
import { median, startPair } from './browser.js';

async function offerLoop(n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio');
    pc.addTransceiver('video');
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    pc.close();
  }
  return (performance.now() - t0) / n;
}

/** Two connected peer connections in the page; the ms one bare getStats() call takes, averaged. */
async function bareGetStats(n: number): Promise<number> {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  a.createDataChannel('x');
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription!);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  // No named inner functions: tsx would wrap them in a helper that does not exist in the page.
  while (a.connectionState !== 'connected') await new Promise((ok) => setTimeout(ok, 20));
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await a.getStats();
  const ms = (performance.now() - t0) / n;
  a.close();
  b.close();
  return ms;
}

export const p2: Figure = {
  id: 'P2',
  title: 'Peer connection overhead (create + offer + setLocalDescription, ms per loop)',
  async run({ smoke }) {
    const n = smoke ? 5 : 60;
    const rounds = smoke ? 1 : 5;
    const pair = await startPair();
    try {
      const pages = await Promise.all([pair.withExt.context.newPage(), pair.without.context.newPage()]);
      await Promise.all(pages.map((p) => p.goto(`${pair.http.url}/bench`)));
      for (const p of pages) await p.evaluate(offerLoop, 3);
      const withT: number[] = [];
      const withoutT: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const i of r % 2 ? [1, 0] : [0, 1]) (i === 0 ? withT : withoutT).push(await pages[i]!.evaluate(offerLoop, n));
      }
      const statsWith = await pages[0]!.evaluate(bareGetStats, smoke ? 5 : 50);
      const statsWithout = await pages[1]!.evaluate(bareGetStats, smoke ? 5 : 50);
      const msWith = median(withT);
      const msWithout = median(withoutT);
      const ratio = msWith / msWithout;
      return {
        id: 'P2',
        title: this.title,
        values: {
          loops: n,
          rounds,
          'ms/loop with extension': msWith,
          'ms/loop without': msWithout,
          'page getStats() ms with extension': statsWith,
          'page getStats() ms without': statsWithout,
          'page getStats() ratio': statsWith / statsWithout,
        },
        ratio,
        target: '≤ 1.25×',
        met: ratio <= 1.25,
        notes: ['the hook samples getStats once a second per open connection; a page call to getStats is not slowed beyond the ratio above'],
      };
    } finally {
      await pair.close();
    }
  },
};
