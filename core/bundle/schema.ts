/**
 * JSON Schema (draft 2020-12) of bundle format version 1. Tools outside the project may validate
 * with any JSON Schema validator; inside, ./validate.ts checks (and repairs) with the subset used
 * here: type, properties, required, items, enum, const, additionalProperties, minimum, $ref, default.
 * `default` is what the importer fills in when a field is missing or damaged.
 */

export type Schema = {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $defs?: Record<string, Schema>;
  title?: string;
  description?: string;
  type?: SchemaType | SchemaType[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: readonly (string | number | boolean | null)[];
  const?: string | number | boolean | null;
  additionalProperties?: boolean | Schema;
  minimum?: number;
  default?: unknown;
};
export type SchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

const t = 'number' as const;
const str: Schema = { type: 'string' };
const num: Schema = { type: t };
const bool: Schema = { type: 'boolean' };
const json: Schema = { description: 'any JSON value' };
const timed = (props: Record<string, Schema>, required: string[]): Schema => ({
  type: 'object',
  properties: { t: num, ...props },
  required: ['t', ...required],
});
const list = (items: Schema): Schema => ({ type: 'array', items, default: [] });

export const bundleSchema: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'rtc-devtools-bundle-v1',
  title: 'RTC DevTools diagnostics bundle, format version 1',
  type: 'object',
  required: [
    'format',
    'version',
    'createdAt',
    'window',
    'environment',
    'sockets',
    'peerConnections',
    'media',
    'sdks',
    'connections',
    'calls',
    'findings',
    'redaction',
    'sdkDiagnostics',
    'telnyxDebugReports',
    'preflight',
    'dropped',
    'notices',
  ],
  properties: {
    format: { const: 'rtc-devtools-bundle' },
    version: { type: 'integer', minimum: 1 },
    createdAt: { type: 'string', description: 'ISO 8601' },
    window: {
      type: 'object',
      properties: { start: num, end: num },
      required: ['start', 'end'],
      description: 'capture window, epoch ms',
    },
    environment: {
      type: 'object',
      properties: {
        userAgent: { type: 'string', default: 'unknown' },
        userAgentData: json,
        platform: str,
        extensionVersion: str,
        timeZone: str,
        language: str,
        pageUrl: str,
        hardwareConcurrency: num,
        deviceMemory: num,
        source: str,
      },
      required: ['userAgent'],
    },
    redaction: {
      type: 'object',
      properties: {
        applied: { type: 'boolean', default: false },
        phoneNumbers: { enum: ['keep', 'remove'], default: 'keep' },
        sipAddresses: { enum: ['keep', 'remove'], default: 'keep' },
        items: { type: t, default: 0 },
      },
      required: ['applied', 'phoneNumbers', 'sipAddresses', 'items'],
      default: { applied: false, phoneNumbers: 'keep', sipAddresses: 'keep', items: 0 },
    },
    sockets: list({ $ref: '#/$defs/socket' }),
    peerConnections: list({ $ref: '#/$defs/peerConnection' }),
    media: { $ref: '#/$defs/media' },
    sdks: list({
      type: 'object',
      properties: {
        name: str,
        version: { type: 'string', default: '' },
        id: str,
        via: str,
        t: num,
        detail: json,
        events: list(timed({ name: str, data: json }, ['name'])),
        family: { type: 'string', description: "hook entries (with id): the name of the SDK-list entry (without id) of the same family" },
        sources: {
          type: 'array',
          description: 'SDK-list entries (without id): each way the SDK was recognised, first seen first',
          items: { type: 'object', properties: { via: str, version: str, shape: bool, socketId: str }, required: ['via', 'version'] },
        },
        socketId: str,
      },
      required: ['name', 'version'],
    }),
    sdkDiagnostics: list({ type: 'object', properties: { sdk: str, t: num, data: json }, required: ['sdk', 'data'] }),
    telnyxDebugReports: list({
      type: 'object',
      properties: { socketId: str, reportId: str, callId: str, startedAt: num, stoppedAt: num, entries: list(json) },
      required: ['socketId', 'reportId', 'entries'],
    }),
    connections: list({
      type: 'object',
      properties: {
        socketId: str,
        sdk: str,
        states: list(timed({ state: str }, ['state'])),
        reconnects: list(json),
      },
      required: ['socketId', 'sdk', 'states', 'reconnects'],
    }),
    rooms: list({
      type: 'object',
      description: 'LiveKit rooms (core/protocol/livekit-room.ts): local and remote participants, tracks, peer connection roles, reconnect episodes, leave',
      properties: { id: str, state: str, participants: list(json), reconnects: list(json) },
      required: ['id', 'state', 'participants', 'reconnects'],
    }),
    calls: list({
      type: 'object',
      properties: {
        id: str,
        sdk: str,
        direction: str,
        states: list(timed({ state: str }, ['state'])),
        hangup: {
          type: ['object', 'null'],
          properties: { cause: str, code: { type: ['string', 'number'] } },
        },
      },
      required: ['id', 'sdk', 'direction', 'states'],
    }),
    findings: list({
      type: 'object',
      properties: { rule: str, severity: str, t: num, message: str },
      required: ['rule', 'severity', 't', 'message'],
    }),
    messages: { type: 'array' },
    documents: list({
      type: 'object',
      properties: { docId: str, url: str, top: bool, loadId: str, startedAt: num, title: str },
      required: ['docId', 'url'],
    }),
    quality: json,
    preflight: {
      type: ['object', 'null'],
      properties: {
        checks: list({ type: 'object', properties: { id: str, status: str, metrics: json }, required: ['id', 'status'] }),
      },
      required: ['checks'],
      default: null,
    },
    dropped: {
      type: 'object',
      properties: { events: num, bytes: num, byKind: { type: 'object', additionalProperties: num, default: {} } },
      required: ['events', 'bytes', 'byKind'],
      default: { events: 0, bytes: 0, byKind: {} },
    },
    notices: list(timed({ level: str, code: str, message: str }, ['level', 'code', 'message'])),
    faults: {
      ...list(timed({ kind: str, params: { type: 'object' }, until: num, reason: str }, ['kind', 'params'])),
      description: 'Faults Simulate armed during the capture (docs/simulate.md): t, kind, params, until when it stopped.',
    },
  },
  $defs: {
    frame: timed(
      {
        dir: { enum: ['sent', 'received'] },
        size: { type: 'number', minimum: 0 },
        text: str,
        binary: bool,
        preview: str,
        truncated: bool,
      },
      ['dir', 'size'],
    ),
    socket: {
      type: 'object',
      properties: {
        id: str,
        doc: str,
        url: str,
        protocols: list(str),
        createdAt: num,
        openedAt: num,
        closedAt: num,
        closedBy: { enum: ['page', 'remote', 'unloaded'] },
        state: { enum: ['connecting', 'open', 'closed'], default: 'closed' },
        close: {
          type: 'object',
          properties: { code: num, reason: str, wasClean: bool, initiator: { enum: ['page', 'remote'] } },
          required: ['code', 'reason', 'wasClean', 'initiator'],
        },
        errors: { type: t, default: 0 },
        sent: { type: t, default: 0 },
        received: { type: t, default: 0 },
        bytesSent: { type: t, default: 0 },
        bytesReceived: { type: t, default: 0 },
        frames: list({ $ref: '#/$defs/frame' }),
      },
      required: ['id', 'url', 'protocols', 'createdAt', 'state', 'errors', 'sent', 'received', 'bytesSent', 'bytesReceived', 'frames'],
    },
    pcEvent: timed(
      {
        type: str,
        kind: { enum: ['create', 'call', 'result', 'event'] },
        args: { type: 'array' },
        ok: bool,
        value: json,
        durationMs: num,
        data: json,
      },
      ['type', 'kind'],
    ),
    deltaSample: timed(
      {
        ts: num,
        k: { const: 1 },
        r: { type: 'object', additionalProperties: { type: 'object' } },
        c: { type: 'array', items: { type: 'array', items: str } },
        n: { type: 'array', items: num },
        x: list(str),
        xp: { type: 'object', additionalProperties: list(str) },
      },
      [],
    ),
    peerConnection: {
      type: 'object',
      properties: {
        id: str,
        doc: str,
        createdAt: num,
        closedAt: num,
        closedBy: { enum: ['page', 'failed', 'unloaded'] },
        config: { description: 'RTCConfiguration, credentials removed', default: null },
        state: {
          type: 'object',
          properties: {
            connection: { type: 'string', default: 'new' },
            iceConnection: { type: 'string', default: 'new' },
            signaling: { type: 'string', default: 'stable' },
            iceGathering: { type: 'string', default: 'new' },
          },
          required: ['connection', 'iceConnection', 'signaling', 'iceGathering'],
          default: { connection: 'new', iceConnection: 'new', signaling: 'stable', iceGathering: 'new' },
        },
        events: list({ $ref: '#/$defs/pcEvent' }),
        sdps: list(
          timed({ side: { enum: ['local', 'remote'] }, type: str, sdp: str, from: { type: 'string', default: '' } }, ['side', 'type', 'sdp', 'from']),
        ),
        stats: {
          type: 'object',
          properties: {
            encoding: { const: 'delta-v1' },
            count: { type: t, default: 0 },
            samples: list({ $ref: '#/$defs/deltaSample' }),
          },
          required: ['encoding', 'count', 'samples'],
          default: { encoding: 'delta-v1', count: 0, samples: [] },
        },
      },
      required: ['id', 'createdAt', 'config', 'state', 'events', 'sdps', 'stats'],
    },
    device: {
      type: 'object',
      properties: { deviceId: str, groupId: { type: 'string', default: '' }, kind: str, label: str },
      required: ['deviceId', 'groupId', 'kind', 'label'],
    },
    media: {
      type: 'object',
      default: { getUserMedia: [], devices: [], deviceEvents: [], trackEvents: [], permissions: [] },
      properties: {
        getUserMedia: list(
          timed(
            {
              id: str,
              api: { enum: ['getUserMedia', 'getDisplayMedia'] },
              constraints: { description: 'the constraints passed', default: null },
              result: timed(
                {
                  ok: bool,
                  tracks: list({
                    type: 'object',
                    properties: { id: str, kind: str, label: str, settings: { description: 'track.getSettings()', default: null } },
                    required: ['id', 'kind', 'label', 'settings'],
                  }),
                  error: { type: 'object', properties: { name: str, message: str }, required: ['name', 'message'] },
                  durationMs: { type: t, default: 0 },
                },
                ['ok', 'durationMs'],
              ),
            },
            ['id', 'api', 'constraints'],
          ),
        ),
        devices: list({ $ref: '#/$defs/device' }),
        devicesAt: num,
        deviceEvents: list(
          timed(
            { added: list({ $ref: '#/$defs/device' }), removed: list({ $ref: '#/$defs/device' }), devices: list({ $ref: '#/$defs/device' }) },
            ['added', 'removed', 'devices'],
          ),
        ),
        trackEvents: list(
          timed(
            { trackId: str, trackKind: { type: 'string', default: '' }, label: { type: 'string', default: '' }, event: str },
            ['trackId', 'trackKind', 'label', 'event'],
          ),
        ),
        permissions: list(timed({ name: str, state: str }, ['name', 'state'])),
      },
      required: ['getUserMedia', 'devices', 'deviceEvents', 'trackEvents', 'permissions'],
    },
  },
};
