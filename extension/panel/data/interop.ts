/**
 * Interop exports (chrome://webrtc-internals dump, HAR) through core/bundle/interop; the only
 * place the panel touches those formats.
 */
import type { Bundle } from '../../../core/bundle/types.js';
import { toWebrtcInternals } from '../../../core/bundle/interop/webrtc-internals.js';
import { toHar } from '../../../core/bundle/interop/har.js';

export interface InteropFile {
  name: string;
  mime: string;
  text: string;
}

export type InteropKind = 'webrtc-internals' | 'har';

export function interopExport(kind: InteropKind, bundle: Bundle, baseName: string): InteropFile | undefined {
  if (kind === 'har') return { name: `${baseName}.har`, mime: 'application/json', text: JSON.stringify(toHar(bundle)) };
  return { name: `${baseName}-webrtc_internals_dump.txt`, mime: 'application/json', text: JSON.stringify(toWebrtcInternals(bundle)) };
}
