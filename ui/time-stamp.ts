/**
 * Times that leave the screen (tooltips, copied text, file notes) carry their date and zone: a
 * clock time alone is ambiguous once it is pasted into a ticket read in another zone or on another
 * day. On screen the views keep the short clock (format.ts `clock`).
 */

/**
 * Asking Intl for the zone builds a formatter (about half a millisecond): a view stamping every visible
 * row paid that per row on every render. The answer is kept for a second, so a change of the system's
 * zone still shows at once in human terms.
 */
const ZONE_FRESH_MS = 1000;
let zoneCache: { zone: string | undefined; at: number } | undefined;

/** The zone this page runs in, or undefined when Intl has no zone data. */
export function localZone(): string | undefined {
  const now = Date.now();
  if (zoneCache && now - zoneCache.at >= 0 && now - zoneCache.at < ZONE_FRESH_MS) return zoneCache.zone;
  let zone: string | undefined;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    zone = undefined;
  }
  zoneCache = { zone, at: now };
  return zone;
}

/**
 * One formatter per zone: building an Intl.DateTimeFormat costs about a millisecond, which a view
 * stamping every visible row would pay per row. `null` remembers a zone Intl refused.
 */
const formatters = new Map<string, Intl.DateTimeFormat | null>();
const MAX_FORMATTERS = 32;

function formatter(timeZone: string | undefined): Intl.DateTimeFormat | undefined {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (f === undefined) {
    f = makeFormatter(timeZone);
    // Zones come from bundles, which are hostile: bound what a file can make us keep.
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, f);
  }
  return f ?? undefined;
}

function makeFormatter(timeZone: string | undefined): Intl.DateTimeFormat | null {
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
  } catch {
    // An unknown zone name (from a bundle) must not break the view.
    return null;
  }
}

function parts(t: number, timeZone: string | undefined): Record<string, string> | undefined {
  const f = formatter(timeZone);
  if (!f) return undefined;
  try {
    const out: Record<string, string> = {};
    for (const p of f.formatToParts(new Date(t))) out[p.type] = p.value;
    return out;
  } catch {
    // A time Intl cannot format (far outside its range): the caller falls back to ISO.
    return undefined;
  }
}

/**
 * "2026-12-03 11:32:04.123 GMT+01:00 (Europe/Berlin)". With `timeZone` (a bundle's recorded zone) the
 * time reads as the user's clock showed it; without, in this page's zone.
 */
export function stamp(t: number | undefined, timeZone?: string): string {
  if (t === undefined || !Number.isFinite(t)) return '';
  const zone = timeZone ?? localZone();
  const inZone = parts(t, zone);
  const p = inZone ?? parts(t, undefined);
  if (!p) return new Date(t).toISOString();
  const offset = p.timeZoneName === 'GMT' ? 'GMT+00:00' : p.timeZoneName ?? '';
  const named = zone && inZone ? ` (${zone})` : '';
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${p.fractionalSecond ?? '000'} ${offset}${named}`;
}

/** "2026-12-03": the capture's day, in its zone (the on-screen clock times leave it out). */
export function day(t: number | undefined, timeZone?: string): string {
  if (t === undefined || !Number.isFinite(t)) return '';
  const p = parts(t, timeZone ?? localZone()) ?? parts(t, undefined);
  return p ? `${p.year}-${p.month}-${p.day}` : new Date(t).toISOString().slice(0, 10);
}

/** "850 ms", "9.2 s", "4 min 05 s", "1 h 02 min". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
