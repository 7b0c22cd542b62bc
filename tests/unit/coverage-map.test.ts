/**
 * Every source module has a test: a unit test that imports it, or a line in docs/testing.md
 * ("Source modules covered only end to end") naming the tests that cover it. Fails when a new
 * module arrives with neither, or when the doc names a module, a spec or a test file that is gone,
 * so the map a reader trusts stays true.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, resolveSpecifier, specifiersOf, walk } from './support/source-scan.js';

const SOURCE_DIRS = ['core', 'extension', 'ui', 'pages', 'node', 'automation', 'recorder', 'scripts'];

const sources = SOURCE_DIRS.flatMap((d) => walk(d, (f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts')));
const unitFiles = walk('tests/unit', (f) => f.endsWith('.ts'));

/** Source modules a unit test (or a helper beside it) names in an import. */
function importedByUnitTests(): Set<string> {
  const seen = new Set<string>();
  for (const f of unitFiles) {
    for (const spec of specifiersOf(readFileSync(join(ROOT, f), 'utf8'), false)) {
      const target = resolveSpecifier(f, spec);
      if (target === undefined) continue;
      for (const c of [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx'), target, `${target}.ts`]) seen.add(c);
    }
  }
  return seen;
}

function documented(): Map<string, string> {
  const doc = readFileSync(join(ROOT, 'docs/testing.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Source modules covered only end to end'));
  const lines = new Map<string, string>();
  for (const m of section.matchAll(/^- `([^`]+)` — (.+)$/gm)) lines.set(m[1]!, m[2]!);
  return lines;
}

describe('docs/testing.md: every source module has a test', () => {
  const imported = importedByUnitTests();
  const doc = documented();

  it('each module is imported by a unit test or has a line naming the tests that cover it', () => {
    const orphans = sources.filter((s) => !imported.has(s) && !doc.has(s));
    expect(orphans, 'add a unit test, or a line in docs/testing.md naming the e2e spec that covers it').toEqual([]);
  });

  it('each line names a module that exists and tests that exist', () => {
    const specs = new Set(readdirSync(join(ROOT, 'tests/e2e')).map((f) => f.replace(/\.spec\.ts$/, '')));
    const wrong: string[] = [];
    for (const [mod, text] of doc) {
      if (!existsSync(join(ROOT, mod))) wrong.push(`${mod}: no such module`);
      const e2e = text.slice(text.indexOf('e2e ') + 4);
      if (text.includes('e2e ')) for (const m of e2e.matchAll(/`([a-z0-9-]+)`/g)) if (!specs.has(m[1]!)) wrong.push(`${mod}: no spec ${m[1]}`);
      for (const m of text.matchAll(/`(tests\/[^`]+\.ts)`/g)) if (!existsSync(join(ROOT, m[1]!))) wrong.push(`${mod}: no test ${m[1]}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a module that gained a unit test loses its line (one place says how each module is tested)', () => {
    expect([...doc.keys()].filter((m) => imported.has(m))).toEqual([]);
  });

  it('finds what it claims to: unit tests import some of core, and the doc lists some modules', () => {
    expect(imported.has('core/bundle/build.ts')).toBe(true);
    expect(doc.size).toBeGreaterThan(10);
  });
});
