/**
 * P7: size of each built entry, raw and gzip. The page hook loads into every page the user opens,
 * so it is held to a budget; the other entries are reported.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from '../types.js';

const HOOK_BUDGET_GZIP = 20 * 1024;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export const p7: Figure = {
  id: 'P7',
  title: 'Built entry sizes (raw / gzip)',
  async run({ dist }) {
    const root = join(dist, 'chrome');
    if (!existsSync(join(root, 'manifest.json'))) throw new Error(`no build at ${root}: run npm run build first`);
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
      content_scripts?: { js?: string[]; world?: string }[];
      background?: { service_worker?: string };
    };
    const entries: Record<string, string[]> = {};
    for (const cs of manifest.content_scripts ?? []) entries[cs.world === 'MAIN' ? 'page hook' : 'bridge'] = cs.js ?? [];
    if (manifest.background?.service_worker) entries['service worker'] = [manifest.background.service_worker];
    // Pages: each HTML entry plus the scripts and styles it pulls in (shared chunks counted in each).
    for (const html of ['panel.html', 'devtools.html', 'preflight.html', 'viewer.html']) {
      const p = join(root, html);
      if (!existsSync(p)) continue;
      const refs = [...readFileSync(p, 'utf8').matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
      entries[html] = [html, ...refs];
    }
    const values: Record<string, number | string> = {};
    let hookGzip = 0;
    for (const [name, files] of Object.entries(entries)) {
      let raw = 0;
      let gz = 0;
      for (const f of files) {
        const p = join(root, f);
        if (!existsSync(p)) continue;
        const bytes = readFileSync(p);
        raw += bytes.length;
        gz += gzipSync(bytes, { level: 9 }).length;
      }
      values[`${name} raw bytes`] = raw;
      values[`${name} gzip bytes`] = gz;
      if (name === 'page hook') hookGzip = gz;
    }
    const total = walk(root).reduce((n, f) => n + statSync(f).size, 0);
    values['extension total bytes'] = total;
    return {
      id: 'P7',
      title: this.title,
      values,
      target: `page hook ≤ ${HOOK_BUDGET_GZIP / 1024} KiB gzip`,
      met: hookGzip > 0 && hookGzip <= HOOK_BUDGET_GZIP,
      notes: [`files under ${relative(process.cwd(), root) || root}`],
    };
  },
};
