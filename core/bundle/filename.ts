/** File names of exported bundles: rtc-diagnostics-<host>-<YYYYMMDD-HHMMSS>.json[.gz], in the user's local time. */

const pad = (n: number) => String(n).padStart(2, '0');

export function bundleFileName(host: string, date: Date, gzip: boolean): string {
  // Hosts come from page URLs: keep only what is safe in a file name on every OS.
  const safe =
    host
      .toLowerCase()
      .replace(/:/g, '-')
      .replace(/[^a-z0-9.-]+/g, '_')
      .replace(/^[._-]+|[._-]+$/g, '')
      .slice(0, 100) || 'capture';
  const stamp =
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}` +
    `-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `rtc-diagnostics-${safe}-${stamp}.json${gzip ? '.gz' : ''}`;
}
