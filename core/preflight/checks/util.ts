/** Small promise helpers the checks share: every wait is bounded and every wait ends on cancel. */

export const TIMED_OUT: unique symbol = Symbol('timed out');

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('Aborted', 'AbortError');
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortReason(signal);
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves with the promise's value, or TIMED_OUT after `ms`; rejects at once on abort. */
export function within<T>(p: Promise<T>, ms: number, signal: AbortSignal): Promise<T | typeof TIMED_OUT> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => done(() => resolve(TIMED_OUT)), ms);
    const onAbort = () => done(() => reject(abortReason(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    function done(f: () => void) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      f();
    }
    p.then(
      (v) => done(() => resolve(v)),
      (e) => done(() => reject(e)),
    );
  });
}

/** Checks that need WebRTC or devices say so plainly where the browser lacks them, instead of throwing. */
export function hasWebRtc(): boolean {
  return typeof globalThis.RTCPeerConnection === 'function';
}
export function hasMediaDevices(): boolean {
  return typeof globalThis.navigator?.mediaDevices?.getUserMedia === 'function';
}
export const NO_WEBRTC = { status: 'skip', summary: 'Skipped: this browser has no WebRTC (see browser support).' } as const;
export const NO_DEVICES = { status: 'skip', summary: 'Skipped: this browser gives the page no camera or microphone access (see browser support).' } as const;

export function stopStream(stream: MediaStream | null | undefined): void {
  stream?.getTracks().forEach((t) => t.stop());
}

export function errorName(err: unknown): string {
  return err && typeof err === 'object' && 'name' in err ? String((err as { name: unknown }).name) : 'Error';
}

export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Device ids are stable per origin and can fingerprint a user: keep only enough to tell them apart. */
export function shortId(deviceId: string): string {
  if (!deviceId || deviceId === 'default' || deviceId === 'communications') return deviceId;
  return deviceId.length > 8 ? `${deviceId.slice(0, 8)}…` : deviceId;
}
