/**
 * The folders' layering, read from the source's own import statements:
 *   core/ imports nothing of ours; ui/ imports only core/; extension/ and pages/ import ui/ and core/,
 *   never each other; recorder/ (the in-app recorder) imports core/ and the page hook, never a UI.
 * A cheap guard: the panel, the viewer and the preflight page share their UI through ui/, and an
 * import across the line (the panel taking a page's component, a page taking the panel's store)
 * would quietly tie the two builds together again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, resolveSpecifier, specifiersOf, walk } from './support/source-scan.js';

/** Top-level folders each layer may not import from. */
const FORBIDDEN: Record<string, readonly string[]> = {
  core: ['ui', 'extension', 'pages', 'node', 'automation'],
  ui: ['extension', 'pages', 'node', 'automation'],
  // The Playwright fixture and the MCP server's browser side: core only (node/ may import it).
  automation: ['ui', 'extension', 'pages', 'node'],
  extension: ['pages'],
  pages: ['extension'],
  recorder: ['ui', 'pages', 'node'],
};

/** Besides itself, ui/ may import only core/ (and npm packages). */
const UI_MAY_IMPORT = new Set(['ui', 'core']);

const SOURCE = /\.(ts|tsx|mts|html)$/;

/** The repository's top-level folder a relative specifier in `file` lands in (undefined: an npm package or a URL). */
function topFolderOf(file: string, spec: string): string | undefined {
  const target = resolveSpecifier(file, spec);
  if (target === undefined) return undefined;
  return target.startsWith('../') ? '..' : target.split('/')[0];
}

/** "file imports spec" lines that break the layering, for `files` given as repo-relative paths with their text. */
function violations(files: { path: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const { path, text } of files) {
    const layer = path.split('/')[0]!;
    const banned = FORBIDDEN[layer];
    if (!banned) continue;
    for (const spec of specifiersOf(text, path.endsWith('.html'))) {
      const top = topFolderOf(path, spec);
      if (top === undefined || top === layer) continue;
      if (banned.includes(top) || (layer === 'ui' && !UI_MAY_IMPORT.has(top))) out.push(`${path} imports ${spec}`);
    }
  }
  return out;
}

function repoSources(): { path: string; text: string }[] {
  return Object.keys(FORBIDDEN).flatMap((top) => walk(top, (f) => SOURCE.test(f)).map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') })));
}

describe('layering', () => {
  it('finds the imports it checks (the scan is not vacuous)', () => {
    const files = repoSources();
    expect(files.some((f) => f.path.startsWith('ui/'))).toBe(true);
    const panelEntry = files.find((f) => f.path === 'extension/panel/main.tsx');
    expect(panelEntry && specifiersOf(panelEntry.text, false).map((s) => topFolderOf(panelEntry.path, s))).toContain('ui');
    const viewer = files.find((f) => f.path === 'pages/viewer/main.tsx');
    expect(viewer && specifiersOf(viewer.text, false).map((s) => topFolderOf(viewer.path, s))).toContain('ui');
  });

  it('core/, ui/, extension/ and pages/ import only what their layer allows', () => {
    expect(violations(repoSources())).toEqual([]);
  });

  it('reports each kind of crossing', () => {
    const bad = [
      { path: 'extension/panel/views/X.tsx', text: "import { CheckList } from '../../../pages/preflight/CheckList.js';" },
      { path: 'pages/viewer/main.tsx', text: "import '../../extension/panel/panel.css';" },
      { path: 'ui/App.tsx', text: "import type { LiveConnection } from '../extension/panel/data/port-source.js';" },
      { path: 'ui/views/Y.tsx', text: "const m = await import('../../pages/preflight/export.js');" },
      { path: 'ui/data/z.ts', text: "export { a } from '../../tests/helpers.js';" },
      { path: 'core/bundle/w.ts', text: "import {\n  store,\n} from '../../ui/data/store.js';" },
      { path: 'core/x.ts', text: "import { record } from '../node/record.js';" },
      { path: 'extension/panel/panel.html', text: '<link rel="stylesheet" href="../../pages/preflight/style.css" />' },
    ];
    expect(violations(bad)).toEqual(bad.map((f) => expect.stringMatching(new RegExp(`^${f.path.replace(/\./g, '\\.')} imports `))));
  });

  it('lets each layer import what it may', () => {
    const good = [
      { path: 'extension/panel/main.tsx', text: "import { App } from '../../ui/App.js';\nimport { render } from 'preact';" },
      { path: 'pages/viewer/main.tsx', text: "import '../../ui/panel.css';\nimport { x } from '../../core/api.js';" },
      { path: 'ui/views/A.tsx', text: "import { b } from '../../core/bundle/build.js';\nimport { c } from './c.js';" },
      { path: 'core/a.ts', text: "import { d } from './capture/events.js';\nimport { Observable } from 'rxjs';" },
    ];
    expect(violations(good)).toEqual([]);
  });

  it('resolves specifiers from the importing file', () => {
    expect(topFolderOf('ui/views/A.tsx', '../../core/x.js')).toBe('core');
    expect(topFolderOf('ui/views/A.tsx', '../data/store.js')).toBe('ui');
    expect(topFolderOf('ui/views/A.tsx', 'preact/hooks')).toBeUndefined();
  });
});
