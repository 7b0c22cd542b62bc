import type { Browser, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchPlainChromium } from '../../../support/rig/browser.js';
import { FarEndHub, startFarEnd, type FarEnd } from '../../../support/rig/farend.js';
import { startHttp, type HttpRig } from '../../../support/rig/http.js';

/** An offerer page standing in for an SDK: makes a non-trickle offer and applies the answer. */
async function makeOffer(page: Page, video: boolean): Promise<string> {
  return page.evaluate(async (video) => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    (window as unknown as { pc: RTCPeerConnection }).pc = pc;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video });
    for (const t of stream.getTracks()) pc.addTrack(t, stream);
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((r) => {
      if (pc.iceGatheringState === 'complete') return r();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
    });
    return pc.localDescription!.sdp;
  }, video);
}

describe('far end (real Chromium page answering over the hub)', () => {
  let browser: Browser;
  let rig: HttpRig;
  let hub: FarEndHub;
  let farEnd: FarEnd;
  let page: Page;

  beforeAll(async () => {
    hub = new FarEndHub();
    rig = await startHttp({ ws: { '/farend': (ws) => hub.accept(ws) } });
    rig.addRoute((req, res) => {
      if (req.url !== '/blank') return false;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>offerer</title>');
      return true;
    });
    browser = await launchPlainChromium();
    farEnd = await startFarEnd(`${rig.wsUrl}/farend`, { browser });
    page = await browser.newPage();
    await page.goto(`${rig.url}/blank`);
  }, 30000);

  afterAll(async () => {
    await farEnd?.close();
    await browser?.close();
    hub?.close();
    await rig?.close();
  });

  it('answers an audio+video offer with tracks of both kinds, and the call connects', async () => {
    expect(hub.connected).toBe(true);
    const offer = await makeOffer(page, true);
    const answer = await hub.answer('call-1', offer);
    expect(answer).toMatch(/\nm=audio /);
    expect(answer).toMatch(/\nm=video /);
    expect(answer).toMatch(/a=candidate:/); // complete gathering: nothing left to trickle
    expect(answer).toMatch(/a=sendrecv/);
    await page.evaluate((sdp) => (window as unknown as { pc: RTCPeerConnection }).pc.setRemoteDescription({ type: 'answer', sdp }), answer);
    await hub.waitForState('call-1', 'connected');
    await page.waitForFunction(() => (window as unknown as { pc: RTCPeerConnection }).pc.connectionState === 'connected');
  }, 30000);

  it('hangup closes the far end pc and reports closed', async () => {
    hub.hangup('call-1');
    await hub.waitForState('call-1', 'closed');
    expect(hub.states('call-1')).toEqual(expect.arrayContaining(['connecting', 'connected', 'closed']));
    expect(await farEnd.page.evaluate(() => (window as unknown as { farend: { calls: Map<string, unknown> } }).farend.calls.size)).toBe(0);
  }, 30000);

  it('answers audio-only offers with audio only', async () => {
    const offer = await makeOffer(page, false);
    const answer = await hub.answer('call-2', offer);
    expect(answer).toMatch(/\nm=audio /);
    expect(answer).not.toMatch(/\nm=video /);
    hub.hangup('call-2');
    await hub.waitForState('call-2', 'closed');
  }, 30000);

  it('offers when asked (inbound call), and connects once the answer is applied', async () => {
    const offer = await hub.offer('call-in', { video: false });
    expect(offer).toMatch(/\nm=audio /);
    expect(offer).toMatch(/a=candidate:/);
    const answer = await page.evaluate(async (sdp) => {
      const pc = new RTCPeerConnection({ iceServers: [] });
      (window as unknown as { pc2: RTCPeerConnection }).pc2 = pc;
      await pc.setRemoteDescription({ type: 'offer', sdp });
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      for (const t of stream.getTracks()) pc.addTrack(t, stream);
      await pc.setLocalDescription(await pc.createAnswer());
      await new Promise<void>((r) => {
        if (pc.iceGatheringState === 'complete') return r();
        pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
      });
      return pc.localDescription!.sdp;
    }, offer);
    hub.applyAnswer('call-in', answer);
    await hub.waitForState('call-in', 'connected');
    hub.hangup('call-in');
    await hub.waitForState('call-in', 'closed');
  }, 30000);

  it('applies trickled candidates even when they arrive before the offer', async () => {
    const { offer, candidates } = await page.evaluate(async () => {
      const pc = new RTCPeerConnection({ iceServers: [] });
      (window as unknown as { pc3: RTCPeerConnection }).pc3 = pc;
      const cands: RTCIceCandidateInit[] = [];
      pc.addEventListener('icecandidate', (e) => e.candidate && cands.push(e.candidate.toJSON()));
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      for (const t of stream.getTracks()) pc.addTrack(t, stream);
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((r) => {
        if (pc.iceGatheringState === 'complete') return r();
        pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
      });
      // A trickle offer: no candidates in the SDP, they travel separately.
      const sdp = pc.localDescription!.sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates').join('\r\n');
      return { offer: sdp, candidates: cands };
    });
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) hub.candidate('call-t', { candidate: c.candidate!, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null });
    const answer = await hub.answer('call-t', offer);
    await page.evaluate((sdp) => (window as unknown as { pc3: RTCPeerConnection }).pc3.setRemoteDescription({ type: 'answer', sdp }), answer);
    await hub.waitForState('call-t', 'connected');
    const applied = await farEnd.page.evaluate(() => (window as unknown as { farend: { calls: Map<string, { applied: number }> } }).farend.calls.get('call-t')!.applied);
    expect(applied).toBe(candidates.length);
    hub.hangup('call-t');
    await hub.waitForState('call-t', 'closed');
  }, 30000);

  it('rejects a garbage offer with the far end error instead of hanging', async () => {
    await expect(hub.answer('call-bad', 'not sdp', undefined, 5000)).rejects.toThrow(/far end could not answer call-bad/);
  }, 10000);
});

describe('FarEndHub.attach on a plain http server', () => {
  it('takes upgrades on its path', async () => {
    const { createServer } = await import('node:http');
    const { WebSocket } = await import('ws');
    const server = createServer();
    const hub = new FarEndHub();
    hub.attach(server, '/farend');
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/farend`);
    await new Promise((r) => ws.once('open', r));
    await hub.waitForPeer(3000);
    expect(hub.connected).toBe(true);
    ws.close();
    hub.close();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
});

describe('FarEndHub without a page', () => {
  it('answer() fails clearly when no far end connects', async () => {
    const hub = new FarEndHub();
    await expect(hub.answer('x', 'v=0', undefined, 200)).rejects.toThrow(/no far-end page connected in 200 ms/);
  });
});
