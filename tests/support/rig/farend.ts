/**
 * The far end of every fake call: a real RTCPeerConnection in a Chromium page (farend.html)
 * that a fake signaling server drives over a WebSocket at `/farend`.
 *
 * Protocol (JSON text frames):
 *   server -> page  {type:'offer', callId, sdp, iceServers?}   (same callId again = renegotiation)
 *   page -> server  {type:'answer', callId, sdp}              (ICE gathering complete: no trickle)
 *   server -> page  {type:'hangup', callId}
 *   page -> server  {type:'state', callId, connectionState}   (on every change, 'closed' after hangup)
 *   page -> server  {type:'error', callId, message}           (offer could not be answered)
 *   page -> server  {type:'hello'}                            (once connected)
 * and for calls where the far end offers (inbound calls to the SDK, server re-attach):
 *   server -> page  {type:'make-offer', callId, video?, iceServers?}  (replaces any pc of that callId)
 *   page -> server  {type:'local-offer', callId, sdp}
 *   server -> page  {type:'remote-answer', callId, sdp}
 *   server -> page  {type:'candidate', callId, candidate}     (trickled candidates from the SDK)
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { WebSocketServer, type WebSocket } from 'ws';
import { launchPlainChromium } from './browser.js';
import { startHttp } from './http.js';

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

interface Pending {
  resolve(sdp: string): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

type StateListener = (callId: string, state: string) => void;

export class FarEndHub {
  private peer: WebSocket | undefined;
  private peerWaiters: Array<() => void> = [];
  private pending = new Map<string, Pending>();
  private stateLog = new Map<string, string[]>();
  private listeners = new Set<StateListener>();
  private wss: WebSocketServer | undefined;

  /**
   * Handles upgrades to `path` on a server. Only that path is touched, so the owner of the
   * server must handle (or refuse) every other path itself.
   */
  attach(server: Server, path = '/farend'): void {
    this.wss ??= new WebSocketServer({ noServer: true });
    const wss = this.wss;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== path) return;
      wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  /** Takes a far-end page's socket (for servers that route upgrades themselves). The newest page wins. */
  accept(ws: WebSocket): void {
    this.peer = ws;
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('close', () => {
      if (this.peer !== ws) return;
      this.peer = undefined;
      for (const [callId, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`far end disconnected before answering ${callId}`));
      }
      this.pending.clear();
    });
    const waiters = this.peerWaiters;
    this.peerWaiters = [];
    for (const w of waiters) w();
  }

  get connected(): boolean {
    return this.peer !== undefined && this.peer.readyState === this.peer.OPEN;
  }

  waitForPeer(timeoutMs = 10000): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no far-end page connected in ${timeoutMs} ms`)), timeoutMs);
      this.peerWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Sends the offer to the far end and resolves with its complete answer SDP. */
  async answer(callId: string, offerSdp: string, iceServers?: IceServer[], timeoutMs = 15000): Promise<string> {
    await this.waitForPeer(timeoutMs);
    const answer = this.expect(callId, timeoutMs, 'answer');
    this.send({ type: 'offer', callId, sdp: offerSdp, ...(iceServers ? { iceServers } : {}) });
    return answer;
  }

  /** Asks the far end to call out: resolves with its complete offer SDP. Apply the SDK's answer with applyAnswer. */
  async offer(callId: string, opts: { video?: boolean; iceServers?: IceServer[] } = {}, timeoutMs = 15000): Promise<string> {
    await this.waitForPeer(timeoutMs);
    const offer = this.expect(callId, timeoutMs, 'offer');
    this.send({ type: 'make-offer', callId, video: !!opts.video, ...(opts.iceServers ? { iceServers: opts.iceServers } : {}) });
    return offer;
  }

  applyAnswer(callId: string, sdp: string): void {
    this.send({ type: 'remote-answer', callId, sdp });
  }

  /** Forwards a trickled candidate from the SDK side ({candidate, sdpMid, sdpMLineIndex}). */
  candidate(callId: string, candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null }): void {
    this.send({ type: 'candidate', callId, candidate });
  }

  hangup(callId: string): void {
    this.send({ type: 'hangup', callId });
  }

  /** Every connectionState the far end reported for this call, in order. */
  states(callId: string): string[] {
    return [...(this.stateLog.get(callId) ?? [])];
  }

  onState(fn: StateListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  waitForState(callId: string, state: string, timeoutMs = 15000): Promise<void> {
    if (this.states(callId).includes(state)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`far end ${callId} never reached ${state}; saw [${this.states(callId).join(', ')}]`));
      }, timeoutMs);
      const off = this.onState((id, s) => {
        if (id !== callId || s !== state) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /** One pending SDP per call: a newer request supersedes (rejects) an older one. */
  private expect(callId: string, timeoutMs: number, what: string): Promise<string> {
    const prev = this.pending.get(callId);
    if (prev) {
      clearTimeout(prev.timer);
      prev.reject(new Error(`${what} for ${callId} superseded`));
    }
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(callId);
        reject(new Error(`far end did not ${what} ${callId} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(callId, { resolve, reject, timer });
    });
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.peer?.terminate();
    this.wss?.close();
  }

  private send(msg: object): void {
    if (this.peer && this.peer.readyState === this.peer.OPEN) this.peer.send(JSON.stringify(msg));
  }

  private onMessage(text: string): void {
    let msg: { type?: string; callId?: string; sdp?: string; connectionState?: string; message?: string };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    const callId = msg.callId ?? '';
    if ((msg.type === 'answer' || msg.type === 'local-offer') && typeof msg.sdp === 'string') {
      const p = this.pending.get(callId);
      if (!p) return;
      this.pending.delete(callId);
      clearTimeout(p.timer);
      p.resolve(msg.sdp);
    } else if (msg.type === 'error') {
      const p = this.pending.get(callId);
      if (!p) return;
      this.pending.delete(callId);
      clearTimeout(p.timer);
      p.reject(new Error(`far end could not answer ${callId}: ${msg.message ?? '?'}`));
    } else if (msg.type === 'state' && typeof msg.connectionState === 'string') {
      const log = this.stateLog.get(callId) ?? [];
      log.push(msg.connectionState);
      this.stateLog.set(callId, log);
      for (const fn of this.listeners) fn(callId, msg.connectionState);
    }
  }
}

export interface FarEnd {
  page: Page;
  close(): Promise<void>;
}

export interface FarEndOptions {
  /** Open the page in this context (e.g. the test's own) instead of launching a plain Chromium. */
  context?: BrowserContext;
  browser?: Browser;
}

const RIG_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * Opens farend.html connected to `hubUrl` (e.g. ws://127.0.0.1:PORT/farend) and resolves once
 * its socket is open. Without a context/browser it launches its own headless Chromium with fake
 * media, so the far end is never seen by the extension under test.
 */
export async function startFarEnd(hubUrl: string, opts: FarEndOptions = {}): Promise<FarEnd> {
  const http = await startHttp({ mounts: { '/': RIG_DIR } });
  const ownBrowser = opts.context || opts.browser ? undefined : await launchPlainChromium();
  const context = opts.context ?? (await (opts.browser ?? ownBrowser)!.newContext());
  const page = await context.newPage();
  try {
    await page.goto(`${http.url}/farend.html?hub=${encodeURIComponent(hubUrl)}`);
    await page.waitForFunction(() => (window as unknown as { farend?: { connected: boolean } }).farend?.connected === true, undefined, {
      timeout: 10000,
    });
  } catch (e) {
    await page.close().catch(() => {});
    await ownBrowser?.close();
    await http.close();
    throw new Error(`far-end page could not reach hub ${hubUrl}: ${(e as Error).message}`);
  }
  return {
    page,
    close: async () => {
      await page.close().catch(() => {});
      if (!opts.context) await context.close().catch(() => {});
      await ownBrowser?.close();
      await http.close();
    },
  };
}
