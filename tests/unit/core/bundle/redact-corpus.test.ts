/**
 * The planted-secret corpus (corpus.ts) through every path that lets captured data out: the bundle,
 * its HAR and webrtc-internals exports, the same exports of a dump that was never redacted, the
 * Node recorder's bundle (its command line too, through the real CLI), the preflight page's bundle
 * and the hook's SDK summaries. Each secret is a unique string: one found anywhere is a leak.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildBundle, buildBundleWithReport, serializeBundle } from '../../../../core/bundle/build.js';
import { fromWebrtcInternals, toWebrtcInternals } from '../../../../core/bundle/interop/webrtc-internals.js';
import { toHar } from '../../../../core/bundle/interop/har.js';
import { toSafeJson } from '../../../../core/sdk/safeJson.js';
import { summarizeSignalWire3Params, summarizeTelnyxOptions } from '../../../../core/sdk/options.js';
import { defaultConfig, redactConfig, stripUrlSecrets } from '../../../../core/preflight/config.js';
import { bundleFromCapture } from '../../../../node/bundleIo.js';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import type { Bundle } from '../../../../core/bundle/types.js';
import { KEPT, KEPT_FRAME, PHONES, SECRETS, argv, jwt, secretCapture, secretPageUrl, spellingsFrame } from './corpus.js';

const ALL_SECRETS = Object.entries(SECRETS).map(([name, s]) => [name, String(s)] as const);

/** A secret found as it is, or as the hex of a binary frame's preview (bare, or spaced as the hook writes it). */
function leaked(text: string, secrets: readonly (readonly [string, string])[] = ALL_SECRETS): string[] {
  const lower = text.toLowerCase();
  const spaced = (s: string) => (Buffer.from(s).toString('hex').match(/../g) ?? []).join(' ');
  return secrets.filter(([, s]) => text.includes(s) || lower.includes(Buffer.from(s).toString('hex')) || lower.includes(spaced(s))).map(([name]) => name);
}
function phonesIn(text: string): string[] {
  return Object.entries(PHONES)
    .filter(([, digits]) => text.includes(digits))
    .map(([name]) => name);
}

const { bundle, redactions } = buildBundleWithReport(secretCapture());
const bundleText = serializeBundle(bundle);

describe('the planted-secret corpus through every export path', () => {
  it('plants at least 40 distinct secrets and 9 phone numbers', () => {
    expect(new Set(ALL_SECRETS.map(([, s]) => s)).size).toBeGreaterThanOrEqual(40);
    expect(Object.keys(PHONES).length).toBe(9);
    // The corpus really carries them into the build (else a pass proves nothing).
    const raw = JSON.stringify(secretCapture());
    const notPlanted = leaked(raw, ALL_SECRETS.filter(([name]) => !name.startsWith('argv')));
    expect(notPlanted.length).toBe(ALL_SECRETS.length - 3);
    expect(phonesIn(raw).length).toBe(9);
  });

  it('bundle JSON: 0 secrets, 0 phone numbers (by default), and the review list names what went', () => {
    expect(leaked(bundleText)).toEqual([]);
    expect(phonesIn(bundleText)).toEqual([]);
    expect(redactions.some((r) => r.kind === 'phone-number' && r.path === '$.environment.pageUrl')).toBe(true);
    expect(redactions.some((r) => r.field === 'jwt')).toBe(true);
    expect(redactions.some((r) => r.field === 'protocols')).toBe(true);
  });

  it('HAR and webrtc-internals dump of the bundle: 0 secrets, 0 phone numbers', () => {
    const har = JSON.stringify(toHar(bundle));
    const dump = JSON.stringify(toWebrtcInternals(bundle));
    expect(leaked(har)).toEqual([]);
    expect(phonesIn(har)).toEqual([]);
    expect(leaked(dump)).toEqual([]);
    expect(phonesIn(dump)).toEqual([]);
    // The HAR's Sec-WebSocket-Protocol header and decoded queryString were checked too.
    expect(har).toContain('access_token, [redacted], verto-json');
  });

  it('exports of a bundle that was never redacted (an imported dump, a hand-made bundle) are redacted on the way out', () => {
    const sdp = `v=0\r\na=ice-pwd:${SECRETS.icePwd}\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${SECRETS.sdesKey}\r\n`;
    const dump = {
      getUserMedia: [],
      PeerConnections: {
        '1-1': {
          pid: 1,
          url: secretPageUrl,
          rtcConfiguration: JSON.stringify({ iceServers: [{ urls: ['turn:t.example'], username: SECRETS.turnUser, credential: SECRETS.turnCred }] }),
          constraints: '',
          updateLog: [{ time: '2026-01-01T00:00:00.000Z', type: 'setLocalDescription', value: `type: offer, sdp: ${sdp}` }],
          stats: {},
        },
      },
      UserAgent: 'Mozilla/5.0',
    };
    const imported = fromWebrtcInternals(dump).bundle;
    expect(imported.redaction.applied).toBe(false);
    const raw: Bundle = { ...bundle, redaction: { ...bundle.redaction, applied: false }, environment: { ...bundle.environment, pageUrl: secretPageUrl } };
    raw.sockets = secretCapture()
      .events.filter((e): e is Extract<CaptureEvent, { kind: 'ws.frame' }> => e.kind === 'ws.frame')
      .slice(0, 3)
      .map((f, i) => ({ ...bundle.sockets[0]!, id: `ws-${i}`, frames: [{ t: f.t, dir: f.dir, size: f.size, text: f.text! }] }));
    for (const b of [imported, raw]) {
      for (const out of [JSON.stringify(toHar(b)), JSON.stringify(toWebrtcInternals(b))]) {
        expect(leaked(out)).toEqual([]);
        expect(phonesIn(out)).toEqual([]);
      }
    }
  });

  it('"Phone numbers: keep" keeps every phone number, encoded or not, and still no secret', () => {
    const kept = buildBundleWithReport(secretCapture(), { redact: { phoneNumbers: 'keep', sipAddresses: 'keep' } }).bundle;
    const text = serializeBundle(kept);
    expect(leaked(text)).toEqual([]);
    expect(phonesIn(text).sort()).toEqual(Object.keys(PHONES).sort());
    expect(kept.environment.pageUrl).toContain('destination=%2B15550100200');
    const har = JSON.stringify(toHar(kept));
    expect(leaked(har)).toEqual([]);
    expect(har).toContain('%2B15550100300');
  });

  it("the Node recorder's bundle: its frames and its command line", async () => {
    const { events } = secretCapture();
    const { bundle: rec, file } = await bundleFromCapture(events as CaptureEvent[], {
      gzip: true,
      redact: { phoneNumbers: 'remove', sipAddresses: 'remove' },
      host: 'test-host',
      window: { start: 0, end: 2_000_000_000_000 },
      // Even a command line that reached the bundle unredacted loses its flag values.
      commandLine: argv.join(' '),
    });
    const text = gunzipSync(file.bytes).toString('utf8');
    expect(leaked(text)).toEqual([]);
    expect(phonesIn(text)).toEqual([]);
    expect(rec.environment.pageUrl).toBe('node: node app.js --password [redacted] --api-key [redacted] --token=[redacted] --region eu');
  });

  it('`rtc-devtools record -- node app.js --password X --api-key Y` writes a bundle without X or Y', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rtc-redact-'));
    const app = join(tmp, 'app.cjs');
    writeFileSync(app, 'process.exit(0)\n');
    const out = join(tmp, 'out.json');
    const r = spawnSync(
      process.execPath,
      [resolve('bin/rtc-devtools.mjs'), 'record', '--out', out, '--', process.execPath, app, '--password', SECRETS.argvPassword, '--api-key', SECRETS.argvApiKey, `--token=${SECRETS.argvToken}`],
      // The preload is built into this test's own folder, not into dist/.
      { encoding: 'utf8', env: { ...process.env, RTC_DIST: join(tmp, 'dist') }, timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(leaked(text)).toEqual([]);
    expect(JSON.parse(text).environment.pageUrl).toContain('--password [redacted] --api-key [redacted] --token=[redacted]');
  }, 150_000);

  it("the preflight page's bundle: its URL and configuration", () => {
    const cfg = defaultConfig({ iceServers: [{ urls: `turn:t.example:3478?jwt=${SECRETS.jwtPreflight}`, username: SECRETS.turnUser, credential: SECRETS.turnCred }] });
    const pre = buildBundle({
      events: [],
      environment: { userAgent: 'Mozilla/5.0', pageUrl: stripUrlSecrets(`https://p.example/?turn=turn:t&user=${SECRETS.turnUser}&pass=${SECRETS.turnCred}&ws=wss://r.example/?sat=${SECRETS.opaqueSat}&destination=%2B${PHONES.queryEncoded}`) },
      preflight: { ok: false, config: redactConfig(cfg), checks: [{ id: 'signaling', status: 'fail', metrics: { url: `wss://r.example/?token=${SECRETS.queryToken}` } }] },
    });
    const text = serializeBundle(pre);
    expect(leaked(text)).toEqual([]);
    expect(phonesIn(text)).toEqual([]);
  });

  it("the hook's SDK summaries: key names of every spelling, JWTs and URL secrets go before anything leaves the page", () => {
    const sdkSecrets = ALL_SECRETS.filter(([name]) =>
      ['opaqueJwt', 'opaqueSat', 'sessionKey', 'tokensA', 'tokensB', 'idToken', 'refreshToken', 'clientSecret', 'privateKey', 'apiKeyCamel', 'kebabPassword', 'pwd', 'icePwdKey', 'xAuthToken', 'setCookie', 'nestedPassword', 'proxyAuthJson', 'jwtSdkEvent', 'queryToken', 'urlPassword', 'accessToken', 'jwtUrl', 'telnyxPasswd', 'telnyxLoginToken'].includes(name),
    );
    expect(sdkSecrets.length).toBe(24);
    const client = {
      ...(JSON.parse(spellingsFrame) as { params: Record<string, unknown> }).params,
      options: { host: `wss://alice:${SECRETS.urlPassword}@relay.example.com/api/${SECRETS.jwtUrl}?token=${SECRETS.queryToken}&access_token=${SECRETS.accessToken}`, debug: { token: jwt('x') } },
      lastError: new Error(`auth failed for ${SECRETS.jwtSdkEvent}`),
      login: 'alice',
      password: SECRETS.telnyxPasswd,
      login_token: SECRETS.telnyxLoginToken,
    };
    const summaries = JSON.stringify([
      toSafeJson(client),
      summarizeTelnyxOptions(client),
      summarizeSignalWire3Params({ ...client, host: client.options.host, token: SECRETS.opaqueJwt }),
    ]);
    expect(leaked(summaries, sdkSecrets)).toEqual([]);
    expect(summaries).toContain('"login":"alice"');
  });
});

describe('no over-redaction', () => {
  it('keeps method names, call ids, non-secret look-alike fields, subprotocols and every SDP line but the secrets', () => {
    const frames = bundle.sockets.flatMap((s) => s.frames);
    const kept = frames.find((f) => f.text?.includes(KEPT.callId));
    expect(kept?.text).toBe(KEPT_FRAME);
    const parsed = JSON.parse(kept!.text!).params;
    expect(parsed).toMatchObject({ keyframe: true, keyframeInterval: 60, passwordRequired: true, hasPassword: true, tokenExpiry: 3600 });
    for (const out of [bundleText, JSON.stringify(toHar(bundle))]) for (const v of Object.values(KEPT)) expect(out).toContain(v);
    expect(bundle.sockets[1]!.protocols).toEqual(['access_token', '[redacted]', KEPT.plainProtocol]);
    const sip = frames.find((f) => f.text?.startsWith('INVITE'))!.text!;
    expect(sip).toContain('Authorization: Basic [redacted]');
    expect(sip).toContain('Proxy-Authorization: Digest [redacted]');
    expect(frames.find((f) => f.text?.startsWith('SIP/2.0 401'))!.text).toContain('WWW-Authenticate: Digest realm="pbx", nonce="[redacted]", qop="auth"');
    expect(sip).toContain('a=rtpmap:0 PCMU/8000');
    expect(sip).toContain('Content-Type: application/sdp');
    expect(bundle.sockets[1]!.url).toContain('wss://media.example.com/call/[redacted]/join?destination=[redacted]');
    // Issue 17's shapes go, what surrounds them stays.
    const ws3 = bundle.sockets.find((x) => x.id === 'ws-3')!;
    expect(ws3.url).toBe('wss://xmpp.example.com/rtc/token/[redacted]/connect/[redacted]?room=kept-room-9');
    expect(ws3.protocols).toEqual(['base64url.bearer.authorization.k8s.io.[redacted]', 'xmpp']);
    const texts = ws3.frames.map((f) => f.text ?? Buffer.from(f.preview ?? '', 'hex').toString('latin1'));
    expect(texts).toContain("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>[redacted]</auth>");
    expect(texts.some((t) => t.includes("ufrag='kEpT' pwd='[redacted]'/>"))).toBe(true);
    expect(texts.some((t) => t.includes('<username>alice</username><password>[redacted]</password>'))).toBe(true);
    expect(texts.some((t) => t.startsWith('{"password":"[redacted]"'))).toBe(true);
    expect(JSON.parse(texts.find((t) => t.includes('publicKey'))!).params).toMatchObject({ publicKey: 'PUBLICKEY-kept', pinned: true, pin: '[redacted]' });
    expect(bundle.environment.pageUrl).toBe('https://app.example.com/call?token=[redacted]&destination=[redacted]&dest2=[redacted]#access_token=[redacted]');
  });
});
