/** getUserMedia / getDisplayMedia failures, each error name with what to do about it. */
import { text } from '../protocol/decoders/util.js';
import type { Rule } from './types.js';

const ADVICE: Record<string, { message: string; advice: string }> = {
  NotAllowedError: {
    message: 'permission denied',
    advice:
      'The user or browser policy blocked the camera/microphone. Ask the user to allow it from the site settings (lock icon in the address bar); ' +
      'iframes also need allow="camera; microphone", and the page must be served over HTTPS.',
  },
  NotFoundError: {
    message: 'no matching device',
    advice: 'No camera or microphone is connected (or the OS hides it). Plug one in, or do not request the kind that is missing.',
  },
  NotReadableError: {
    message: 'device busy or failed',
    advice: 'Another application (or another tab) holds the device, or the driver failed. Close other apps using it, or pick another device.',
  },
  OverconstrainedError: {
    message: 'constraints cannot be met',
    advice:
      'No device satisfies the constraints (often an exact deviceId that no longer exists, or a resolution the camera lacks). ' +
      'Use ideal instead of exact, or re-enumerate devices and pick an existing deviceId.',
  },
  AbortError: {
    message: 'aborted',
    advice: 'The browser or OS aborted access to the device; retry, and check that no OS-level privacy switch blocks it.',
  },
  SecurityError: {
    message: 'blocked for security reasons',
    advice: 'Media access is disabled for this document (insecure context or permissions policy). Serve over HTTPS and allow camera/microphone in the iframe.',
  },
  TypeError: {
    message: 'invalid constraints',
    advice: 'The constraints are empty or malformed (for example both audio and video false).',
  },
};

export const gumRule: Rule = {
  id: 'gum',
  on(s, ctx) {
    if (s.type !== 'capture' || s.ev.kind !== 'media.gum.result' || s.ev.ok) return;
    const ev = s.ev;
    const err = ev.error && typeof ev.error === 'object' ? ev.error : undefined;
    const name = text(err?.name, 'Error');
    const known = Object.prototype.hasOwnProperty.call(ADVICE, name) ? ADVICE[name] : undefined;
    const detail = text(err?.message);
    ctx.emit({
      rule: 'gum-error',
      severity: name === 'NotAllowedError' || name === 'NotFoundError' ? 'error' : 'warning',
      t: ev.t,
      message: `${text(ev.api, 'getUserMedia')} failed: ${name}${known ? ` (${known.message})` : ''}${detail ? ` — ${detail}` : ''}`,
      advice: known?.advice ?? 'The browser refused media access; the error name and message say why.',
      evidence: [{ kind: 'event', t: ev.t }],
    });
  },
};
