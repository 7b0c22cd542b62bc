import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { buildBundle, serializeBundle } from '../../../../core/bundle/build.js';
import { exportBundle } from '../../../../core/bundle/export.js';
import { bundleFileName } from '../../../../core/bundle/filename.js';
import { gunzip, gzip, isGzip, streamGzip } from '../../../../core/bundle/gzip.js';
import { readBundleFile } from '../../../../core/bundle/import.js';
import { secretCapture } from './corpus.js';

describe('bundle file names', () => {
  it('are rtc-diagnostics-<host>-<YYYYMMDD-HHMMSS> in local time, .json or .json.gz', () => {
    const d = new Date(2026, 10, 5, 7, 4, 9);
    expect(bundleFileName('app.example.com', d, false)).toBe('rtc-diagnostics-app.example.com-20261105-070409.json');
    expect(bundleFileName('app.example.com', d, true)).toBe('rtc-diagnostics-app.example.com-20261105-070409.json.gz');
  });

  it('make any host safe for a file system', () => {
    const d = new Date(2026, 0, 1, 0, 0, 0);
    expect(bundleFileName('LocalHost:8443', d, false)).toBe('rtc-diagnostics-localhost-8443-20260101-000000.json');
    expect(bundleFileName('../../etc/pa ss\\wd', d, false)).toBe('rtc-diagnostics-etc_pa_ss_wd-20260101-000000.json');
    expect(bundleFileName('', d, false)).toBe('rtc-diagnostics-capture-20260101-000000.json');
    expect(bundleFileName('[::1]', d, false)).toBe('rtc-diagnostics-1-20260101-000000.json');
  });
});

describe('gzip', () => {
  it('round-trips and is recognised by its magic bytes', async () => {
    const text = 'é'.repeat(1000);
    const z = await gzip(text);
    expect(isGzip(z)).toBe(true);
    expect(z.length).toBeLessThan(100);
    expect(new TextDecoder().decode(await gunzip(z))).toBe(text);
  });

  it('the browser path (CompressionStream) and the Node path read each other', async () => {
    const text = JSON.stringify({ a: 'x'.repeat(5000), b: [1, 2, 3] });
    const fromStream = await streamGzip.gzip(new TextEncoder().encode(text));
    expect(new TextDecoder().decode(await gunzip(fromStream))).toBe(text);
    const fromNode = await gzip(text);
    expect(new TextDecoder().decode(await streamGzip.gunzip(fromNode))).toBe(text);
    await expect(streamGzip.gunzip(fromNode.subarray(0, fromNode.length - 9))).rejects.toThrow();
  });

  it('rejects damaged input', async () => {
    const z = await gzip('hello world, hello world');
    await expect(gunzip(z.subarray(0, 12))).rejects.toThrow();
  });
});

describe('exportBundle', () => {
  const bundle = buildBundle(secretCapture());

  it('writes .json.gz that our importer opens to the same bundle', async () => {
    const file = await exportBundle(bundle, { gzip: true, host: 'app.example.com', date: new Date(2026, 10, 25, 20, 5, 0) });
    expect(file.name).toBe('rtc-diagnostics-app.example.com-20261125-200500.json.gz');
    expect(file.mime).toBe('application/gzip');
    expect(gunzipSync(file.bytes).toString('utf8')).toBe(serializeBundle(bundle));
    const back = await readBundleFile(file.bytes, file.name);
    expect(back.ok && JSON.stringify(back.bundle)).toBe(serializeBundle(bundle));
  });

  it('writes plain .json', async () => {
    const file = await exportBundle(bundle, { gzip: false, host: 'h' });
    expect(file.mime).toBe('application/json');
    expect(JSON.parse(new TextDecoder().decode(file.bytes)).format).toBe('rtc-devtools-bundle');
  });
});
