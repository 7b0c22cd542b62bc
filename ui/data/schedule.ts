/**
 * Coalesces store changes to at most one render per animation frame. A hidden panel gets no
 * animation frames, so a timer backs it up: the view is current when the user looks again.
 */
import { Observable } from 'rxjs';

export function perFrame<T>(source: Observable<T>, fallbackMs = 250): Observable<T> {
  return new Observable<T>((sub) => {
    let latest: T | undefined;
    let pending = false;
    let raf: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      if (!pending) return;
      pending = false;
      if (raf !== undefined && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(raf);
      if (timer !== undefined) clearTimeout(timer);
      raf = timer = undefined;
      sub.next(latest as T);
    };
    const inner = source.subscribe({
      next(v) {
        latest = v;
        if (pending) return;
        pending = true;
        if (typeof requestAnimationFrame === 'function') raf = requestAnimationFrame(flush);
        timer = setTimeout(flush, fallbackMs);
      },
      error: (e) => sub.error(e),
      complete: () => {
        flush();
        sub.complete();
      },
    });
    return () => {
      inner.unsubscribe();
      if (raf !== undefined && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(raf);
      if (timer !== undefined) clearTimeout(timer);
    };
  });
}
