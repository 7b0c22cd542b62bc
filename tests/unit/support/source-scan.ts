/**
 * Reads the repository's own sources for the tests that check its shape (layering.test.ts: which
 * folder may import which; coverage-map.test.ts: which modules a unit test imports). One scanner, so
 * both read an import the same way.
 */
import { readdirSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** Repo-relative posix paths of the files under `dir` (repo-relative) that `keep` accepts. */
export function walk(dir: string, keep: (path: string) => boolean, out: string[] = []): string[] {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const p = posix.join(dir, e.name);
    if (e.isDirectory()) walk(p, keep, out);
    else if (keep(p)) out.push(p);
  }
  return out;
}

/** Every module specifier a file names: static and dynamic imports, re-exports, and HTML src/href. */
export function specifiersOf(text: string, html: boolean): string[] {
  const found: string[] = [];
  const patterns = html
    ? [/\b(?:src|href)\s*=\s*["']([^"']+)["']/g]
    : [
        /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
        /\bimport\s*['"]([^'"]+)['"]/g,
        /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
      ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.push(m[1]!);
  return found;
}

/** The repo-relative path a relative specifier in `file` names (undefined: an npm package or a URL). */
export function resolveSpecifier(file: string, spec: string): string | undefined {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return undefined;
  return posix.normalize(posix.join(posix.dirname(file), spec));
}
