/**
 * A binary frame's `preview` (events.ts): its first bytes as hex. One byte is one character of
 * latin-1 text here, so the text rules can read what the bytes spell and the result can go back.
 */

/** The preview's bytes as latin-1 text (anything not a hex digit is skipped). */
export function previewText(hex: string): string {
  const clean = hex.replace(/[^0-9a-f]/gi, '');
  let text = '';
  for (let i = 0; i + 1 < clean.length; i += 2) text += String.fromCharCode(parseInt(clean.slice(i, i + 2), 16));
  return text;
}

/** latin-1 text back into a preview (the low byte of each character). */
export function previewOf(text: string): string {
  let hex = '';
  for (let i = 0; i < text.length; i++) hex += (text.charCodeAt(i) & 0xff).toString(16).padStart(2, '0');
  return hex;
}

/** The preview's bytes (anything not a hex digit is skipped): what a binary decoder reads. */
export function previewBytes(hex: string): Uint8Array {
  // One pass over char codes: decoding runs on every LiveKit frame the analyzer sees (bench P6).
  const out = new Uint8Array(hex.length >> 1);
  let n = 0;
  let high = -1;
  for (let i = 0; i < hex.length; i++) {
    const v = HEX_VALUE[hex.charCodeAt(i)] ?? -1;
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out[n++] = (high << 4) | v;
      high = -1;
    }
  }
  return n === out.length ? out : out.slice(0, n);
}

const HEX_VALUE: number[] = (() => {
  const t: number[] = new Array(128).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) t[65 + i] = t[97 + i] = 10 + i;
  return t;
})();

/** Bytes as a preview, in the hook's spaced form ("0a 1f …"). */
export function previewOfBytes(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += (i ? ' ' : '') + bytes[i]!.toString(16).padStart(2, '0');
  return hex;
}
