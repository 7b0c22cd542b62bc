/**
 * The MCP server through the SDK's own client over an in-memory transport, with the tools that need
 * no browser (the browser ones are covered by e2e automation-mcp-server).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { buildCaptureBundle } from '../../../../core/bundle/capture-bundle.js';
import { serializeBundle } from '../../../../core/bundle/build.js';
import { BrowserHost } from '../../../../node/mcp/host.js';
import { createServer, errorResult, safeText } from '../../../../node/mcp/server.js';

const dir = mkdtempSync(join(tmpdir(), 'rtc-mcp-'));
let client: Client;

beforeAll(async () => {
  const [a, b] = InMemoryTransport.createLinkedPair();
  // A host that would launch Chromium on first use: these tests never reach it.
  await createServer(new BrowserHost({ cdp: 'http://127.0.0.1:9' })).connect(a);
  client = new Client({ name: 'unit', version: '1' });
  await client.connect(b);
});
afterAll(async () => {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(name: string, args: Record<string, unknown>) {
  const r = await client.callTool({ name, arguments: args });
  return { isError: r.isError === true, text: (r.content as { text: string }[]).map((c) => c.text).join('\n') };
}

describe('rtc-devtools mcp', () => {
  it('lists the tools the issue names, each with a JSON schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['open_page', 'list_tabs', 'get_overview', 'get_signaling', 'get_calls', 'get_findings', 'get_stats', 'run_preflight', 'simulate_fault', 'export_bundle', 'analyze_bundle']);
    for (const t of tools) expect(t.inputSchema.type).toBe('object');
    expect(tools.find((t) => t.name === 'get_findings')!.inputSchema.properties).toMatchObject({ minSeverity: { enum: ['info', 'warning', 'error'] } });
  });

  it('analyze_bundle reads a bundle from disk, and a secret a hand-made file still holds never reaches the model', async () => {
    const text = '{"jsonrpc":"2.0","id":1,"method":"login","params":{"login":"alice"}}';
    const events = [
      { kind: 'ws.create', t: 1000, id: 'd:ws-1', url: 'wss://rtc.example/', protocols: [] },
      { kind: 'ws.open', t: 1001, id: 'd:ws-1', protocol: '', extensions: '' },
      { kind: 'ws.frame', t: 1010, id: 'd:ws-1', dir: 'sent', size: text.length, binary: false, text },
    ] as unknown as CaptureEvent[];
    const json = serializeBundle(buildCaptureBundle({ events, environment: { source: 'extension', pageUrl: 'https://app.example/' } }).bundle).replace('wss://rtc.example/', 'wss://rtc.example/?token=s3cr3t-value\\u001b[2J');
    const file = join(dir, 'b.json');
    writeFileSync(file, json);
    const r = await call('analyze_bundle', { path: file });
    expect(r.isError, r.text).toBe(false);
    expect(r.text).toMatch(/^Bundle .*b\.json \(bundle, from extension, created /);
    expect(r.text).toContain('Page: https://app.example/');
    expect(r.text).toContain('Sockets (1):');
    expect(r.text).not.toContain('s3cr3t-value');
    expect(r.text).not.toMatch(/\u001b/);
  });

  it('answers bad input with an error result and keeps serving', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'hello');
    expect(await call('analyze_bundle', { path: notes })).toMatchObject({ isError: true, text: expect.stringContaining('is not a bundle') });
    expect(await call('analyze_bundle', { path: dir })).toMatchObject({ isError: true, text: expect.stringContaining('is not a file') });
    expect(await call('analyze_bundle', { path: join(dir, 'nope.json') })).toMatchObject({ isError: true, text: expect.stringContaining('(ENOENT)') });
    // Schema-checked before any browser is touched.
    expect(await call('get_overview', { tab: 'one' })).toMatchObject({ isError: true });
    expect((await client.listTools()).tools).toHaveLength(11);
  });

  it('errors are escaped and redacted like results', () => {
    expect(safeText('line one\nbad\u0007 token=abc123secret')).toBe('line one\nbad\\x07 token=[redacted]');
    expect(errorResult(new Error('cannot read wss://h/?password=pw1'))).toEqual({ isError: true, content: [{ type: 'text', text: 'cannot read wss://h/?password=[redacted]' }] });
  });
});
