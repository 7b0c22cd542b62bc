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
  const clean = hex.replace(/[^0-9a-f]/gi, '');
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes as a preview, in the hook's spaced form ("0a 1f …"). */
export function previewOfBytes(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += (i ? ' ' : '') + bytes[i]!.toString(16).padStart(2, '0');
  return hex;
}
