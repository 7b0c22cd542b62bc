/** getUserMedia / getDisplayMedia failures, each error name with what to do about it. */
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
    const name = ev.error?.name ?? 'Error';
    const known = ADVICE[name];
    ctx.emit({
      rule: 'gum-error',
      severity: name === 'NotAllowedError' || name === 'NotFoundError' ? 'error' : 'warning',
      t: ev.t,
      message: `${ev.api} failed: ${name}${known ? ` (${known.message})` : ''}${ev.error?.message ? ` — ${ev.error.message}` : ''}`,
      advice: known?.advice ?? 'The browser refused media access; the error name and message say why.',
      evidence: [{ kind: 'event', t: ev.t }],
    });
  },
};
