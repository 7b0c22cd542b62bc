/**
 * A capture with secrets planted in every place a bundle can carry them, for the redaction tests.
 * Each secret is a unique string, so a test can search the whole serialized bundle for it.
 */
import type { CaptureEvent, Json } from '../../../../core/capture/events.js';
import type { BuildInput } from '../../../../core/bundle/build.js';
import type { Analysis } from '../../../../core/protocol/types.js';
import { ICEServer, JoinResponse, Room } from '@livekit/protocol';
import { lkFrame, res } from '../../../fixtures/protocol/livekit-conversation.js';

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
  // Keys in every spelling (issue 16: `jwt` and `sat` leaked; the rest were secrets to one policy only).
  opaqueJwt: 'OPAQUEJWT-1a2b3c',
  opaqueSat: 'OPAQUESAT-4d5e6f',
  sessionKey: 'SESSIONKEY-77f0',
  tokensA: 'TOKENSA-0001',
  tokensB: 'TOKENSB-0002',
  idToken: 'IDTOKEN-opaque-3',
  refreshToken: 'REFRESHTOKEN-4',
  clientSecret: 'CLIENTSECRET-5',
  privateKey: 'PRIVATEKEY-MIIEvQIBADANBg',
  apiKeyCamel: 'APIKEYCAMEL-6',
  kebabPassword: 'KEBABPASSWORD-7',
  pwd: 'PWDSHORT-8',
  icePwdKey: 'ICEPWDKEY-9',
  xAuthToken: 'XAUTHTOKEN-10',
  setCookie: 'SETCOOKIE-11',
  nestedPassword: 'NESTEDPW-12',
  proxyAuthJson: 'PROXYAUTHJSON-13',
  // Headers and SIP in text frames.
  basicCredential: Buffer.from('alice:BASICPW-14').toString('base64'),
  proxyDigestResponse: 'PROXYDIGEST-15',
  digestNonce: 'DIGESTNONCE-16',
  wwwAuthNonce: 'WWWAUTHNONCE-17',
  cookieHeader: 'COOKIEHEADER-18',
  xApiKeyHeader: 'XAPIKEYHEADER-19',
  sdesFrame: 'SDESFRAMEKEYaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  frameUserinfo: 'FRAMEUSERPASS-20',
  // URLs: query, path, userinfo, fragment, %-encoded, a URL inside a URL parameter.
  amzSignature: 'AMZSIGNATURE-21',
  amzCredential: 'AMZCREDENTIAL-22',
  amzSecurityToken: 'AMZSECTOKEN-23',
  encodedRedirectToken: 'ENCODEDTOKEN-24',
  fragmentToken: 'FRAGMENTTOKEN-25',
  formPassword: 'FORMPASSWORD-26',
  formApiKey: 'FORMAPIKEY-27',
  // Subprotocols: browsers give WebSocket apps no headers, so tokens ride here.
  subprotocolToken: 'SUBPROTOTOKEN-28',
  // The Node recorder's command line.
  argvPassword: 'ARGVPASSWORD-29',
  argvApiKey: 'ARGVAPIKEY-30',
  argvToken: 'ARGVTOKEN-31',
  // Issue 17: shapes that survived export before.
  hexPreviewPassword: 'HEXPREVIEWPW-32',
  // LiveKit (issue 22): the token in the /rtc URL, and secrets inside protobuf frames.
  lkAccessToken: 'LKACCESSTOKEN-7q',
  lkRefreshToken: jwt('livekit-refresh'),
  lkTurnCredential: 'LKTURNCRED-3f',
  lkRoomTurnPassword: 'LKROOMTURNPW-8',
  urlPathToken: 'URLPATHTOKEN-33',
  opaquePathSegment: 'Zx9Qm2Lw8Kp4Rt6Vy1Nb3Hc5Jd7Fg0SaEeUuIiOoPp',
  jinglePwd: 'JINGLEPWD-34',
  xmlPasswordElement: 'XMLPASSWORD-35',
  saslPlain: Buffer.from('\u0000alice\u0000SASLPW-36').toString('base64'),
  basicEquals: Buffer.from('bob:BASICEQ-37').toString('base64'),
  sipPwdKey: 'SIPPWDKEY-38',
  privKey: 'PRIVKEY-39',
  pin: 'PIN-40-4711',
  otp: 'OTP-41-991100',
  apiSecretKey: 'APISECRETKEY-42',
  k8sSubprotocol: Buffer.from('K8SBEARER-43-token').toString('base64url'),
} as const;

/** Phone numbers as apps carry them; removed by default ("Phone numbers: remove"), kept on "keep". */
export const PHONES = {
  queryEncoded: '15550100200',
  pathEncoded: '15550100300',
  formTo: '15550100400',
  formFrom: '15550100500',
  jsonKey: '15550100600',
  doubleEncoded: '15550100700',
  tel: '15550100800',
  sipUser: '15550100900',
  plainText: '15550101000',
} as const;

/** Values that are not secrets and must read as they were after redaction (no over-redaction). */
export const KEPT = {
  method: 'verto.invite',
  callId: 'c-77-callid',
  sessid: 's-88-sessid',
  publicKey: 'PUBKEY-keep-1',
  tokenType: 'Bearer',
  credentialType: 'password',
  signatureAlgorithm: 'ES256',
  accessKeyId: 'AKIDKEEP-2',
  calleeName: 'Support Desk',
  plainProtocol: 'verto-json',
} as const;
export const KEPT_FRAME = JSON.stringify({
  jsonrpc: '2.0',
  id: 77,
  method: KEPT.method,
  params: {
    callID: KEPT.callId,
    sessid: KEPT.sessid,
    dialogParams: { callee_id_name: KEPT.calleeName },
    publicKey: KEPT.publicKey,
    tokenType: KEPT.tokenType,
    keyframe: true,
    keyframeInterval: 60,
    passwordRequired: true,
    hasPassword: true,
    credentialType: KEPT.credentialType,
    signatureAlgorithm: KEPT.signatureAlgorithm,
    tokenExpiry: 3600,
    accessKeyId: KEPT.accessKeyId,
  },
});

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

/** A frame carrying secrets under keys of every spelling, nested and in arrays. */
export const spellingsFrame = JSON.stringify({
  jsonrpc: '2.0',
  id: 'k1',
  method: 'auth.refresh',
  params: {
    jwt: S.opaqueJwt,
    sat: S.opaqueSat,
    sessionKey: S.sessionKey,
    tokens: [S.tokensA, S.tokensB],
    id_token: S.idToken,
    refreshToken: S.refreshToken,
    client_secret: S.clientSecret,
    private_key: S.privateKey,
    apiKey: S.apiKeyCamel,
    'user-password': S.kebabPassword,
    pwd: S.pwd,
    icePwd: S.icePwdKey,
    headers: { 'x-auth-token': S.xAuthToken, 'set-cookie': [S.setCookie], 'proxy-authorization': S.proxyAuthJson },
    users: [{ name: 'a', credentials: { password: S.nestedPassword } }],
    destinationNumber: `+${PHONES.jsonKey}`,
  },
});

export const sipInvite =
  `INVITE sip:+${PHONES.sipUser}@pbx.example.com SIP/2.0\r\n` +
  `Proxy-Authorization: Digest username="bob", realm="pbx", nonce="${S.digestNonce}", response="${S.proxyDigestResponse}"\r\n` +
  `Authorization: Basic ${S.basicCredential}\r\n` +
  `Cookie: sid=${S.cookieHeader}\r\n` +
  `X-API-Key: ${S.xApiKeyHeader}\r\n` +
  `Content-Type: application/sdp\r\n\r\n` +
  `v=0\r\nm=audio 9 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${S.sdesFrame}|2^20|1:32\r\na=rtpmap:0 PCMU/8000\r\n`;

export const secretPageUrl = `https://app.example.com/call?token=${S.pageUrlToken}&destination=%2B${PHONES.queryEncoded}&dest2=%252B${PHONES.doubleEncoded}#access_token=${S.fragmentToken}`;
export const argv = ['node', 'app.js', '--password', S.argvPassword, '--api-key', S.argvApiKey, `--token=${S.argvToken}`, '--region', 'eu'];

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
    frame('ws-1', 'sent', spellingsFrame),
    frame('ws-1', 'sent', KEPT_FRAME),
    {
      kind: 'ws.create',
      t: at(),
      id: 'ws-2',
      url:
        `wss://media.example.com/call/%2B${PHONES.pathEncoded}/join?destination=%2B${PHONES.queryEncoded}` +
        `&X-Amz-Signature=${S.amzSignature}&X-Amz-Credential=${S.amzCredential}&X-Amz-Security-Token=${S.amzSecurityToken}` +
        `&redirect=https%3A%2F%2Fx.example%2Fcb%3Faccess_token%3D${S.encodedRedirectToken}`,
      protocols: ['access_token', S.subprotocolToken, KEPT.plainProtocol],
    },
    { kind: 'ws.open', t: at(), id: 'ws-2', protocol: 'access_token', extensions: '' },
    frame('ws-2', 'sent', sipInvite),
    frame('ws-2', 'received', `SIP/2.0 401 Unauthorized\r\nWWW-Authenticate: Digest realm="pbx", nonce="${S.wwwAuthNonce}", qop="auth"\r\n\r\n`),
    frame('ws-2', 'sent', `to=%2B${PHONES.formTo}&from=%2B${PHONES.formFrom}&password=${S.formPassword}&api_key=${S.formApiKey}`),
    frame('ws-2', 'sent', `reconnecting to wss://bob:${S.frameUserinfo}@edge.example.com/ws after tel:+${PHONES.tel}; call +${PHONES.plainText} back; session ${S.jwtSpaced}`),
    // Issue 17's shapes: a token as a path segment and folded into a subprotocol, XMPP/Jingle, a binary preview.
    {
      kind: 'ws.create',
      t: at(),
      id: 'ws-3',
      url: `wss://xmpp.example.com/rtc/token/${S.urlPathToken}/connect/${S.opaquePathSegment}?room=kept-room-9`,
      protocols: [`base64url.bearer.authorization.k8s.io.${S.k8sSubprotocol}`, 'xmpp'],
    },
    { kind: 'ws.open', t: at(), id: 'ws-3', protocol: 'xmpp', extensions: '' },
    frame('ws-3', 'sent', `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${S.saslPlain}</auth>`),
    frame('ws-3', 'sent', `<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate'><content name='audio'><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='kEpT' pwd='${S.jinglePwd}'/></content></jingle></iq>`),
    frame('ws-3', 'sent', `<query xmlns='jabber:iq:register'><username>alice</username><password>${S.xmlPasswordElement}</password></query>`),
    frame('ws-3', 'sent', `POST /login Authorization=Basic ${S.basicEquals}`),
    frame('ws-3', 'sent', JSON.stringify({ method: 'login', params: { sipPwd: S.sipPwdKey, privKey: S.privKey, pin: S.pin, otp: S.otp, apiSecretKey: S.apiSecretKey, publicKey: 'PUBLICKEY-kept', pinned: true } })),
    { kind: 'ws.frame', t: at(), id: 'ws-3', dir: 'sent', size: 64, binary: true, preview: Buffer.from(`{"password":"${S.hexPreviewPassword}","n":1}`).toString('hex').slice(0, 64) },
    // LiveKit: protobuf frames as the hook keeps them (whole, spaced hex).
    { kind: 'ws.create', t: at(), id: 'ws-4', url: `wss://lk.example.com/rtc?access_token=${S.lkAccessToken}&sdk=js&version=2.23.0&protocol=16`, protocols: [] },
    { kind: 'ws.open', t: at(), id: 'ws-4', protocol: '', extensions: '' },
    lkFrame(
      at(),
      'ws-4',
      res({
        case: 'join',
        value: new JoinResponse({
          room: new Room({ name: 'kept-room', turnPassword: S.lkRoomTurnPassword }),
          iceServers: [new ICEServer({ urls: ['turn:lk.example.com:3478'], username: 'lkuser', credential: S.lkTurnCredential })],
        }),
      }),
    ),
    lkFrame(at(), 'ws-4', res({ case: 'refreshToken', value: S.lkRefreshToken })),
  ];
  // A hand-written analysis: only the fields the bundle tests read (the builder copies the analysis as given),
  // with a phone number and a token in places only the analysis carries.
  const partial: Json = {
    sdks: [{ name: 'signalwire', version: '4.0.0-beta.12' }],
    messages: [],
    connections: [{ socketId: 'ws-1', sdk: 'signalwire', states: [{ t: 1, state: 'open' }], reconnects: [] }],
    calls: [{ id: 'c-1', sdk: 'signalwire', direction: 'outbound', to: '+15551234567', states: [{ t: 2, state: 'ringing' }], hangup: { cause: 'NORMAL_CLEARING', code: 16 } }],
    quality: {},
    findings: [{ rule: 'auth', severity: 'error', t: 3, message: `token ${S.jwtFinding} expired` }],
    pending: [],
  };
  const analysis = partial as unknown as Analysis;
  return {
    events,
    environment: { userAgent: 'Mozilla/5.0 Test', pageUrl: secretPageUrl, timeZone: 'Europe/Berlin' },
    analysis,
    preflight: { ok: true, checks: [{ id: 'turn', status: 'pass', metrics: { url: `turn:x?jwt=${S.jwtPreflight}` } }] },
    sdkDiagnostics: { sdk: 'signalwire', data: { sdkVersion: '4.0.0', options: { password: S.diagPassword, relayToken: S.jwtDiag }, events: [{ details: `Bearer ${S.bearer}` }] } },
    dropped: { events: 3, bytes: 300, byKind: { 'ws.frame': 3 } },
    now: new Date(1_790_000_100_000),
  };
}
