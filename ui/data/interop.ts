/**
 * Interop exports (chrome://webrtc-internals dump, HAR) through core/bundle/interop; the only
 * place the panel touches those formats.
 */
import type { Bundle } from '../../core/bundle/types.js';
import { interopFile, type InteropFile, type InteropKind } from '../../core/bundle/interop/files.js';

export type { InteropFile, InteropKind };

export function interopExport(kind: InteropKind, bundle: Bundle, baseName: string): InteropFile | undefined {
  return interopFile(kind, bundle, baseName);
}
