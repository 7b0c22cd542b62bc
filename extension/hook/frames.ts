/** Describes a WebSocket payload as a WsFrame body: true size, text (capped) or a hex preview. */
import { LIMITS } from '../../core/capture/events.js';
import { charCodeAt, isView, matches, min, sliceString, tagOf } from './intrinsics.js';

export interface FrameBody {
  size: number;
  binary: boolean;
  text?: string;
  preview?: string;
  truncated?: boolean;
}


const NON_ASCII = /[^\x00-\x7f]/;
const HEX = '0123456789abcdef';

/** UTF-8 length without allocating an encoded copy (frames can be megabytes). */
export function utf8Length(s: string): number {
  // Signaling is mostly ASCII JSON: a native scan answers that case without a JS loop.
  if (!matches(NON_ASCII, s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = charCodeAt(s, i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = charCodeAt(s, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

export function hexPreview(bytes: Uint8Array, max: number = LIMITS.maxBinaryBytes): string {
  const n = min(bytes.length, max);
  let s = '';
  for (let i = 0; i < n; i++) s += (i ? ' ' : '') + HEX[bytes[i]! >> 4] + HEX[bytes[i]! & 15];
  return s;
}

export function textBody(text: string, maxText: number = LIMITS.maxFrameText): FrameBody {
  const size = utf8Length(text);
  if (text.length <= maxText) return { size, binary: false, text };
  let cut = maxText;
  // Never end on half a surrogate pair.
  const last = charCodeAt(text, cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return { size, binary: false, text: sliceString(text, 0, cut), truncated: true };
}

/** A binary frame kept whole up to the cap (a binary protocol decodes only from all its bytes). */
function binaryBody(kept: Uint8Array, size: number): FrameBody {
  const body: FrameBody = { size, binary: true, preview: hexPreview(kept) };
  if (kept.length < size) body.truncated = true;
  return body;
}

export function describePayload(data: unknown): FrameBody {
  if (typeof data === 'string') return textBody(data);
  if (data === null || typeof data !== 'object') return textBody(String(data));
  try {
    const tag = tagOf(data);
    if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') {
      const buf = data as ArrayBuffer;
      return binaryBody(new Uint8Array(buf, 0, min(buf.byteLength, LIMITS.maxBinaryBytes)), buf.byteLength);
    }
    if (isView(data)) {
      const v = data as ArrayBufferView;
      return binaryBody(new Uint8Array(v.buffer, v.byteOffset, min(v.byteLength, LIMITS.maxBinaryBytes)), v.byteLength);
    }
    if (tag === '[object Blob]' || tag === '[object File]') {
      // Reading a Blob is asynchronous; the size is known now and is what matters for ordering.
      return { size: (data as Blob).size, binary: true };
    }
  } catch {
    /* fall through: unknown object */
  }
  // send(obj) sends String(obj); calling the page's toString again could have side effects.
  return { size: 0, binary: false, text: '[object passed to send(): not captured]' };
}
