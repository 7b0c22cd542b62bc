/**
 * A capture with secrets planted in every place a bundle can carry them, for the redaction tests.
 * Each secret is a unique string, so a test can search the whole serialized bundle for it.
 */
import type { CaptureEvent, Json } from '../../../core/capture/events.js';
import type { BuildInput } from '../../../core/bundle/build.js';

const b64url = (s: string) => Buffer.from(s).toString('base64url');
export const jwt = (sub: string) => `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify({ sub, iat: 1 }))}.${b64url(`sig-${sub}`)}`;
/** A JWT whose header has a space after the brace: still a JWT. */
export const spacedJwt = `${b64url('{ "alg": "ES256" }')}.${b64url('{"sub":"spaced"}')}.${b64url('sig-spaced')}`;

export const SECRETS = {
  jwtLogin: jwt('login-frame'),
  jwtUrl: jwt('url-path'),
  jwtText: jwt('plain-text-frame'),
  jwtTruncated: jwt('truncated-frame'),
  jwtDiag: jwt('sdk-diagnostics'),
  jwtSdkEvent: jwt('sdk-event'),
  jwtDoubleEncoded: jwt('json-in-json'),
  jwtFinding: jwt('finding-message'),
  jwtPreflight: jwt('preflight-metric'),
  jwtNotice: jwt('hook-notice'),
  jwtKey: jwt('as-object-key'),
  jwtSpaced: spacedJwt,
  telnyxPasswd: 'hunter2-Telnyx-PW',
  telnyxLoginToken: 'LT-0a1b2c3d4e5f',
  dpop: 'DPOP-proof-77aa',
  authState: 'AUTHSTATE-9f8e7d',
  turnUser: '1795637598:turnuser-xyz',
  turnCred: 'TURNCRED-b2VyIHRoZQ',
  turnCredConfig: 'TURNCRED-in-config',
  digestResponse: 'DIGESTRESP-6629fae4',
  bearer: 'BEARERTOKEN-55aa66bb',
  urlPassword: 'URLPASSWORD-x1',
  queryToken: 'QUERYTOKEN-123',
  accessToken: 'ACCESS-TOKEN-456',
  signature: 'SIGNATURE-999',
  diagPassword: 'DIAGPASS-abc',
  sipPassword: 'SIPPASS-42',
  icePwd: 'ICEPWDsecret0123456789ab',
  icePwdFrame: 'ICEPWDframe0123456789xyz',
  sdesKey: 'SDESKEYbase64AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  escapedPassword: 'ESCAPEDPASS-1',
  numericPasswd: 987654321987,
  pageUrlToken: 'PAGEURLTOKEN-3',
  telnyxDebugToken: 'DEBUGREPORT-TOKEN-8',
  apiKey: 'APIKEY-sk_live_123',
  cookie: 'COOKIE-session-abc',
} as const;

const S = SECRETS;
const sdp = (pwd: string) =>
  `v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:Ww6r\r\na=ice-pwd:${pwd}\r\na=fingerprint:sha-256 1C:99:4E:33\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${S.sdesKey}|2^31\r\na=rtpmap:111 opus/48000/2\r\n`;
export const CLEAN_SDP_LINES = ['a=ice-ufrag:Ww6r', 'a=fingerprint:sha-256 1C:99:4E:33', 'a=rtpmap:111 opus/48000/2', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1'];

let t = 1_790_000_000_000;
const at = () => (t += 10);

function frame(id: string, dir: 'sent' | 'received', text: string, truncated = false): CaptureEvent {
  return { kind: 'ws.frame', t: at(), id, dir, size: new TextEncoder().encode(text).length + (truncated ? 1000 : 0), binary: false, text, ...(truncated ? { truncated: true } : {}) };
}

export const loginFrame = JSON.stringify({
  jsonrpc: '2.0',
  id: 'a1',
  method: 'signalwire.connect',
  params: { version: { major: 4 }, authentication: { jwt_token: S.jwtLogin }, dpop_token: S.dpop, authorization_state: S.authState, agent: 'js/4.0.0' },
});

export const telnyxLogin = JSON.stringify({
  jsonrpc: '2.0',
  id: 2,
  method: 'login',
  params: { login: 'alice', passwd: S.telnyxPasswd, login_token: S.telnyxLoginToken, userVariables: { x: 1 }, 'User-Agent': { sdkVersion: '2.27.10' } },
});

export const numericPasswdFrame = JSON.stringify({ method: 'login', params: { login: 'bob', passwd: S.numericPasswd } });

export function secretCapture(): BuildInput {
  t = 1_790_000_000_000;
  const events: CaptureEvent[] = [
    { kind: 'ws.create', t: at(), id: 'ws-1', url: `wss://alice:${S.urlPassword}@relay.example.com/api/${S.jwtUrl}?token=${S.queryToken}&access_token=${S.accessToken}&region=eu`, protocols: ['json'] },
    { kind: 'ws.open', t: at(), id: 'ws-1', protocol: 'json', extensions: '' },
    frame('ws-1', 'sent', loginFrame),
    frame('ws-1', 'received', JSON.stringify({ jsonrpc: '2.0', id: 'a1', result: { identity: 'x', ice_servers: [{ urls: ['turn:turn.example.com:3478'], username: S.turnUser, credential: S.turnCred }], authorization: { jti: 'j-1', project_id: 'p-1', signature: S.signature } } })),
    frame('ws-1', 'sent', telnyxLogin),
    frame('ws-1', 'sent', numericPasswdFrame),
    frame('ws-1', 'sent', `REGISTER sip:example.com SIP/2.0\r\nAuthorization: Digest username="bob", realm="example.com", response="${S.digestResponse}"\r\nContact: <sip:bob:${S.sipPassword}@10.0.0.1>\r\nX-Token: ${S.jwtText}\r\n\r\n`),
    frame('ws-1', 'sent', `GET /x HTTP/1.1\r\nAuthorization: Bearer ${S.bearer}\r\n`),
    frame('ws-1', 'sent', `{"method":"verto.invite","params":{"sdp":"v=0\\r\\na=ice-pwd:${S.icePwdFrame}\\r\\n","jwt_token":"${S.jwtTruncated}","dialogParams":{"destination_number":"+15551234567","caller_id_number":"+4930123456","remote_sip":"sip:carol@pbx.example.com"},"cut`, true),
    frame('ws-1', 'sent', JSON.stringify({ method: 'x', params: JSON.stringify({ nested: { token: S.jwtDoubleEncoded, note: 'plain' } }) })),
    frame('ws-1', 'sent', `{"params":"{\\"password\\":\\"${S.escapedPassword}\\",\\"other\\":1`, true),
    frame('ws-1', 'sent', JSON.stringify({ type: 'debug_report_start', debug_report_id: 'dr-1', call_id: 'c-1' })),
    frame('ws-1', 'sent', JSON.stringify({ type: 'debug_report_data', debug_report_id: 'dr-1', data: { event: 'stats', token: S.telnyxDebugToken, rtt: 0.02 } })),
    frame('ws-1', 'sent', JSON.stringify({ type: 'debug_report_stop', debug_report_id: 'dr-1' })),
    frame('ws-1', 'received', JSON.stringify({ headers: { Cookie: S.cookie, 'X-Api-Key': S.apiKey }, [S.jwtKey]: 1 })),
    { kind: 'pc.create', t: at(), id: 'pc-1', config: { iceServers: [{ urls: 'turn:turn.example.com', username: S.turnUser, credential: S.turnCredConfig }], iceTransportPolicy: 'all' } },
    { kind: 'pc.call', t: at(), id: 'pc-1', method: 'setConfiguration', args: [{ iceServers: [{ urls: ['turns:t.example.com'], username: S.turnUser, credential: S.turnCredConfig }] }] },
    { kind: 'pc.call', t: at(), id: 'pc-1', method: 'createOffer', args: [] },
    { kind: 'pc.result', t: at(), id: 'pc-1', method: 'createOffer', ok: true, value: { type: 'offer', sdp: sdp(S.icePwd) }, durationMs: 2 },
    { kind: 'pc.call', t: at(), id: 'pc-1', method: 'setLocalDescription', args: [{ type: 'offer', sdp: sdp(S.icePwd) }] },
    { kind: 'pc.event', t: at(), id: 'pc-1', type: 'connectionstatechange', data: { state: 'connected' } },
    { kind: 'pc.stats', t: at(), id: 'pc-1', reports: { T01: { id: 'T01', type: 'transport', timestamp: 5, bytesSent: 1200, iceLocalUsernameFragment: 'Ww6r' } } },
    { kind: 'sdk.found', t: at(), id: 'sdk-1', sdk: 'signalwire', version: '4.0.0-beta.12', via: 'global', detail: { options: { token: S.jwtSdkEvent } } },
    { kind: 'sdk.event', t: at(), id: 'sdk-1', name: 'errors$', data: { message: `auth failed for ${S.jwtSdkEvent}` } },
    { kind: 'hook.notice', t: at(), level: 'warn', code: 'worker-socket', message: `socket in worker with ${S.jwtNotice}` },
  ];
  const analysis: Json = {
    sdks: [{ name: 'signalwire', version: '4.0.0-beta.12' }],
    connections: [{ socketId: 'ws-1', sdk: 'signalwire', states: [{ t: 1, state: 'open' }], reconnects: [] }],
    calls: [{ id: 'c-1', sdk: 'signalwire', direction: 'outbound', to: '+15551234567', states: [{ t: 2, state: 'ringing' }], hangup: { cause: 'NORMAL_CLEARING', code: 16 } }],
    findings: [{ rule: 'auth', severity: 'error', t: 3, message: `token ${S.jwtFinding} expired` }],
  };
  return {
    events,
    environment: { userAgent: 'Mozilla/5.0 Test', pageUrl: `https://app.example.com/call?token=${S.pageUrlToken}`, timeZone: 'Europe/Berlin' },
    analysis,
    preflight: { ok: true, checks: [{ id: 'turn', status: 'pass', metrics: { url: `turn:x?jwt=${S.jwtPreflight}` } }] },
    sdkDiagnostics: { sdk: 'signalwire', data: { sdkVersion: '4.0.0', options: { password: S.diagPassword, relayToken: S.jwtDiag }, events: [{ details: `Bearer ${S.bearer}` }] } },
    dropped: { events: 3, bytes: 300, byKind: { 'ws.frame': 3 } },
    now: new Date(1_790_000_100_000),
  };
}
