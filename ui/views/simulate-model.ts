/**
 * The Simulate view's plain-TS side: which fields each fault kind asks for, the form's text turned
 * into a fault through the one validator (core/simulate/faults.ts), and the list of faults with
 * their verdicts. Pure, so it is unit-tested without a browser.
 */
import { describeFault, FAULT_KINDS, FAULT_LABELS, PARAM_LABELS, parseFault, type FaultKind, type ParseFaultResult } from '../../core/simulate/faults.js';
import { armedFaults, type FaultLog, type FaultRecord } from '../../core/simulate/record.js';
import { verdictFor, type Verdict } from '../../core/simulate/verdict.js';
import type { Analysis } from '../../core/protocol/types.js';

export interface FieldDef {
  name: keyof typeof PARAM_LABELS;
  label: string;
  type: 'number' | 'text' | 'direction';
  placeholder?: string;
  optional?: boolean;
}

const F = (name: FieldDef['name'], type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ name, label: PARAM_LABELS[name], type, ...extra });

export const FIELDS: Record<FaultKind, FieldDef[]> = {
  'drop-connection': [F('offlineS', 'number', { placeholder: '0' }), F('socket', 'text', { placeholder: 'every socket', optional: true })],
  'withhold-replies': [F('method', 'text', { placeholder: 'telnyx_rtc.modify' }), F('count', 'number', { placeholder: 'every one', optional: true })],
  'delay-frames': [F('dir', 'direction'), F('delayMs', 'number', { placeholder: '500' })],
  'force-relay': [],
  'block-udp': [],
  'mute-microphone': [F('track', 'text', { placeholder: 'every microphone track', optional: true })],
  'end-camera-track': [F('track', 'text', { placeholder: 'every camera track', optional: true })],
  'unplug-device': [F('deviceId', 'text')],
};

export const KIND_OPTIONS = FAULT_KINDS.map((k) => ({ kind: k, label: FAULT_LABELS[k] }));

/** The form's texts into a fault: numbers read as numbers, empty optional fields left out. */
export function formToFault(kind: FaultKind, values: Record<string, string>): ParseFaultResult {
  const params: Record<string, unknown> = {};
  for (const f of FIELDS[kind]) {
    const raw = (values[f.name] ?? '').trim();
    if (raw === '') {
      if (f.type === 'direction') params[f.name] = 'received';
      continue;
    }
    params[f.name] = f.type === 'number' ? (/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN) : raw;
  }
  return parseFault({ kind, params });
}

export interface FaultRow {
  record: FaultRecord;
  text: string;
  armed: boolean;
}

/** Every fault of the capture, newest first. */
export function faultRows(log: FaultLog): FaultRow[] {
  return [...log.faults].reverse().map((record) => ({
    record,
    text: describeFault({ kind: record.kind, params: record.params } as never),
    armed: record.until === undefined,
  }));
}

/** A row's verdict on the current analysis: computed for the rows shown only (each reads the model). */
export function rowVerdict(row: FaultRow, analysis: Analysis, now: number): Verdict {
  return verdictFor(row.record, analysis, now);
}

/** The banner's line: "Simulating: Drop connection · Offline for (s) 3" (or "3 faults"). */
export function bannerText(log: FaultLog): string | undefined {
  const armed = armedFaults(log);
  if (!armed.length) return undefined;
  if (armed.length > 1) return `Simulating ${armed.length} faults: ${armed.map((r) => FAULT_LABELS[r.kind]).join(', ')}`;
  const r = armed[0]!;
  return `Simulating: ${describeFault({ kind: r.kind, params: r.params } as never)}`;
}
