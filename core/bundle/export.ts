/** The bytes of an exported bundle file, ready for a download, a file write or an upload. */
import { serializeBundle } from './build.js';
import { bundleFileName } from './filename.js';
import { gzip } from './gzip.js';
import type { Bundle } from './types.js';

export interface BundleFile {
  name: string;
  mime: 'application/json' | 'application/gzip';
  bytes: Uint8Array;
}

export async function exportBundle(
  bundle: Bundle,
  opts: { gzip: boolean; host: string; date?: Date },
): Promise<BundleFile> {
  const text = serializeBundle(bundle);
  const name = bundleFileName(opts.host, opts.date ?? new Date(), opts.gzip);
  if (opts.gzip) return { name, mime: 'application/gzip', bytes: await gzip(text) };
  return { name, mime: 'application/json', bytes: new TextEncoder().encode(text) };
}
