/**
 * Writes a bundle to a path the caller chose, as the panel's "Export diagnostics" writes it (the same
 * serialization, gzipped when the name ends in .gz), with an error that names the path when it cannot.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { exportBundle } from '../core/bundle/export.js';
import type { Bundle } from '../core/bundle/types.js';

export interface WrittenBundle {
  path: string;
  bytes: number;
  gzip: boolean;
}

export async function writeBundleFile(bundle: Bundle, path: string, opts: { gzip?: boolean; host?: string } = {}): Promise<WrittenBundle> {
  if (typeof path !== 'string' || path.trim() === '') throw new Error('a bundle needs a file path to be written to');
  const full = resolve(path);
  const gzip = opts.gzip ?? /\.gz$/i.test(full);
  const file = await exportBundle(bundle, { gzip, host: opts.host ?? 'page' });
  try {
    // No folder is created: a mistyped path should fail loudly, not scatter folders (and a recursive
    // mkdir under /proc never returns).
    await writeFile(full, file.bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? ': its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? ': permission denied' : code === 'ENOTDIR' ? ': a part of the path is a file' : code === 'EISDIR' ? ': it is a folder' : '';
    throw new Error(`cannot write the bundle to ${full}${hint} (${code ?? (e as Error).message})`);
  }
  return { path: full, bytes: file.bytes.length, gzip };
}
