import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundleFile } from '../../../core/api.js';
import { buildCaptureBundle } from '../../../core/bundle/capture-bundle.js';
import { writeBundleFile } from '../../../automation/bundle-file.js';

const dir = mkdtempSync(join(tmpdir(), 'rtc-bundle-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { bundle } = buildCaptureBundle({ events: [], environment: { source: 'extension' } });

describe('writeBundleFile', () => {
  it('writes gzip for a .gz name and JSON otherwise, both read back as the bundle', async () => {
    const gz = await writeBundleFile(bundle, join(dir, 'a.json.gz'));
    expect(gz).toMatchObject({ path: join(dir, 'a.json.gz'), gzip: true });
    const bytes = readFileSync(gz.path);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(gz.bytes).toBe(bytes.length);
    const plain = await writeBundleFile(bundle, join(dir, 'a.json'));
    expect(plain.gzip).toBe(false);
    for (const p of [gz.path, plain.path]) {
      const r = await readBundleFile(readFileSync(p));
      expect(r.ok && r.bundle.environment.source).toBe('extension');
    }
  });

  it('says which path could not be written and why, creating no folders', async () => {
    const file = join(dir, 'file');
    writeFileSync(file, 'x');
    await expect(writeBundleFile(bundle, join(dir, 'missing', 'b.json'))).rejects.toThrow(`cannot write the bundle to ${join(dir, 'missing', 'b.json')}: its folder does not exist (ENOENT)`);
    await expect(writeBundleFile(bundle, join(file, 'b.json'))).rejects.toThrow('a part of the path is a file (ENOTDIR)');
    await expect(writeBundleFile(bundle, dir)).rejects.toThrow('it is a folder (EISDIR)');
    await expect(writeBundleFile(bundle, '  ')).rejects.toThrow('a bundle needs a file path');
  });
});
