/**
 * The one place the panel builds, redacts, serializes and reads diagnostics bundles. Until
 * core/bundle lands this holds a stand-in that writes the bundle's stable fields from the
 * capture model; switching means replacing the bodies here, not the views.
 */
import type { CaptureEvent, Json } from '../../../core/capture/events.js';
import { buildCaptureModel } from '../../../core/capture/model.js';
import type { DropCounts, StoredEvent } from '../../../core/capture/messages.js';
import type { PanelAnalysis } from './analysis-types.js';

export interface RedactChoices {
  phoneNumbers: 'keep' | 'remove';
  sipAddresses: 'keep' | 'remove';
}

export interface RedactionItem {
  /** Where in the bundle, e.g. "sockets[0].frames[3].text". */
  path: string;
  /** What kind of secret: jwt, token field, phone number, SIP address... */
  what: string;
}

export interface ExportInput {
  events: readonly (CaptureEvent | StoredEvent)[];
  analysis?: PanelAnalysis;
  dropped?: DropCounts;
  userAgent?: string;
}

export interface BuiltBundle {
  bundle: Record<string, unknown>;
  report: RedactionItem[];
}

const REDACTED = '[redacted]';
const SECRET_KEYS = /^(token|jwt_token|login_token|dpop_token|passwd|password|credential|username|authorization|authorization_state|signature|access_token|refresh_token)$/i;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const PHONE = /\+?\d[\d\s().-]{7,}\d/g;
const SIP = /\bsips?:[^\s"'<>;]+/gi;

function redactString(s: string, path: string, choices: RedactChoices, report: RedactionItem[]): string {
  let out = s;
  const sub = (re: RegExp, what: string) => {
    out = out.replace(re, () => {
      report.push({ path, what });
      return REDACTED;
    });
  };
  // Frame texts are often JSON: redact inside them keeping the JSON shape.
  const first = out.trimStart()[0];
  if (first === '{' || first === '[') {
    try {
      const parsed = JSON.parse(out) as Json;
      return JSON.stringify(redactValue(parsed, path, choices, report));
    } catch {
      /* not JSON after all: fall through to pattern redaction */
    }
  }
  sub(JWT, 'JWT');
  if (choices.sipAddresses === 'remove') sub(SIP, 'SIP address');
  if (choices.phoneNumbers === 'remove') sub(PHONE, 'phone number');
  out = out.replace(/([?&](?:token|jwt|password|passwd|signature|auth)[^=&]*=)[^&#\s"]*/gi, (_m, k: string) => {
    report.push({ path, what: 'URL credential' });
    return k + REDACTED;
  });
  return out;
}

export function redactValue<T>(value: T, path: string, choices: RedactChoices, report: RedactionItem[]): T {
  if (typeof value === 'string') return redactString(value, path, choices, report) as T;
  if (Array.isArray(value)) return value.map((v, i) => redactValue(v, `${path}[${i}]`, choices, report)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (SECRET_KEYS.test(k) && v !== null && v !== '' && typeof v !== 'boolean') {
        report.push({ path: p, what: `${k} field` });
        out[k] = REDACTED;
      } else out[k] = redactValue(v, p, choices, report);
    }
    return out as T;
  }
  return value;
}

export function buildPanelBundle(input: ExportInput, redact: RedactChoices | false): BuiltBundle {
  const model = buildCaptureModel(input.events as CaptureEvent[]);
  const a = input.analysis;
  const bundle: Record<string, unknown> = {
    format: 'rtc-devtools-bundle',
    version: 1,
    createdAt: new Date().toISOString(),
    window: { start: model.firstT ?? null, end: model.lastT ?? null },
    environment: { userAgent: input.userAgent ?? (typeof navigator !== 'undefined' ? navigator.userAgent : '') },
    sockets: [...model.sockets.values()].map((s) => ({
      id: s.id,
      url: s.url,
      protocols: s.protocols,
      createdAt: s.createdAt,
      state: s.state,
      close: s.close ?? null,
      frames: s.frames.map((f) => ({ t: f.t, dir: f.dir, size: f.size, binary: f.binary, text: f.text, preview: f.preview, truncated: f.truncated })),
    })),
    peerConnections: [...model.peerConnections.values()].map((pc) => ({
      id: pc.id,
      config: pc.config,
      createdAt: pc.createdAt,
      events: pc.log.map((e) => ({ ...e, type: e.kind === 'pc.event' ? e.type : e.kind === 'pc.create' ? 'create' : (e as { method: string }).method })),
      stats: { samples: pc.stats.map((s) => ({ t: s.t, reports: s.reports })) },
    })),
    media: {
      getUserMedia: model.media.getUserMedia,
      devices: model.media.devices,
      deviceEvents: model.media.deviceEvents,
      trackEvents: model.media.trackEvents,
      permissions: model.media.permissions,
    },
    sdks: a?.sdks ?? [],
    connections: a?.connections ?? [],
    calls: a?.calls ?? [],
    findings: (a?.findings ?? []).map((f) => ({ rule: f.rule, severity: f.severity, t: f.t, message: f.message, advice: f.advice })),
    notices: model.notices,
    dropped: input.dropped ?? { events: 0, bytes: 0, byKind: {} },
  };
  if (!redact) return { bundle, report: [] };
  const report: RedactionItem[] = [];
  return { bundle: redactValue(bundle, '', redact, report), report };
}

export function serializePanelBundle(bundle: unknown): string {
  return JSON.stringify(bundle, null, 1);
}

export async function gzipText(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function panelBundleFileName(host: string, date: Date, gzip: boolean): string {
  const safeHost = host.replace(/[^A-Za-z0-9.-]+/g, '_') || 'capture';
  const stamp = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `rtc-diagnostics-${safeHost}-${stamp}.json${gzip ? '.gz' : ''}`;
}
