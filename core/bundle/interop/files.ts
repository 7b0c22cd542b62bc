/**
 * Interop exports as files, so a UI needs one call: the webrtc-internals dump (for dump
 * importers) or the HAR (for the Network panel and HAR viewers) of a bundle.
 */
import type { Bundle } from '../types.js';
import { toHar } from './har.js';
import { toWebrtcInternals } from './webrtc-internals.js';

export type InteropKind = 'webrtc-internals' | 'har';

export interface InteropFile {
  name: string;
  mime: string;
  text: string;
}

/** `baseName` without extension, e.g. bundleFileName(...) minus ".json". */
export function interopFile(kind: InteropKind, bundle: Bundle, baseName: string): InteropFile {
  const base = baseName.replace(/\.json(\.gz)?$/i, '');
  if (kind === 'har') return { name: `${base}.har`, mime: 'application/json', text: JSON.stringify(toHar(bundle)) };
  return { name: `${base}.webrtc-internals.json`, mime: 'application/json', text: JSON.stringify(toWebrtcInternals(bundle)) };
}
