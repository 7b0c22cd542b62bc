/**
 * `npx rtc-devtools mcp` driven by the MCP SDK's own client over stdio, as an agent would: list the
 * tools, open a page with a real Telnyx SDK call against our fake server, read calls, signaling,
 * findings and stats, export the bundle, analyze it; bad input gets error results and the server lives on.
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { expect, test } from '../support/fixture.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface ToolText {
  text: string;
  isError: boolean;
}

async function connect(): Promise<{ client: Client; call(name: string, args?: Record<string, unknown>): Promise<ToolText>; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [resolve(ROOT, 'bin/rtc-devtools.mjs'), 'mcp'], cwd: ROOT, env: { ...process.env } as Record<string, string>, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'rtc-devtools-e2e', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    stderr: () => err,
    async call(name, args = {}) {
      const r = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
      const content = r.content as { type: string; text: string }[];
      return { text: content.map((c) => c.text).join('\n'), isError: r.isError === true };
    },
  };
}

/** A loopback port with nothing listening: a page there never loads. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

test('an agent reads a real Telnyx call through the MCP tools, exports and analyzes its bundle', async ({ telnyx }, testInfo) => {
  test.setTimeout(300_000);
  const mcp = await connect();
  try {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ['analyze_bundle', 'export_bundle', 'get_calls', 'get_findings', 'get_overview', 'get_signaling', 'get_stats', 'list_tabs', 'open_page', 'run_preflight', 'simulate_fault'].sort(),
    );
    const signaling = tools.find((t) => t.name === 'get_signaling')!;
    expect(signaling.inputSchema).toMatchObject({ type: 'object', required: ['tab'] });
    expect(Object.keys(signaling.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['tab', 'filter', 'method', 'direction', 'cursor', 'limit']));

    const opened = await mcp.call('open_page', { url: telnyx.demoUrl({ destination: '5151' }) });
    expect(opened.isError, opened.text).toBe(false);
    const tab = Number(/^Opened tab (\d+)/.exec(opened.text)?.[1]);
    expect(tab).toBeGreaterThan(0);
    // The demo URL carries the password: the policy removes it before the model sees it.
    expect(opened.text).not.toContain(telnyx.user.passwd);
    expect(opened.text).toContain('passwd=[redacted]');

    await expect.poll(async () => (await mcp.call('get_calls', { tab })).text, { timeout: 30_000 }).toMatch(/outbound to 5151( from \S+)?: active/);
    await expect.poll(async () => (await mcp.call('get_stats', { tab })).text, { timeout: 20_000 }).toMatch(/[3-9]\d* second\(s\) of stats|\d{2,} second\(s\) of stats/);

    const tabs = await mcp.call('list_tabs');
    expect(tabs.text).toContain(`tab ${tab}: `);

    const overview = await mcp.call('get_overview', { tab });
    expect(overview.text).toContain('@telnyx/webrtc');
    expect(overview.text).toMatch(/Sessions \(1\):\n {2}\S+ @telnyx\/webrtc connected ws:\/\/127\.0\.0\.1:\d+\/?: auth ok/);
    expect(overview.text).toMatch(/Calls \(1\):\n {2}\S+ telnyx outbound to 5151( from \S+)?: active/);
    expect(overview.text).toMatch(/Peer connections \(1\):\n {2}\S+ connected .* last second: audio in \d+ \/ out \d+ kbps/);
    expect(overview.text).not.toContain(telnyx.user.passwd);

    const invites = await mcp.call('get_signaling', { tab, method: 'telnyx_rtc.invite' });
    expect(invites.text).toMatch(/#\d+ \+\d+\.\d{3}s sent \S+ telnyx_rtc\.invite request id=\S+ ↔#\d+/);
    expect(invites.text).toContain('All 2 matching frame(s) (of '); // the invite and its reply
    // Paging: two frames a page, the next page starts where the cursor says, every cut stated.
    const first = await mcp.call('get_signaling', { tab, limit: 2 });
    expect(first.text).toMatch(/Showing 1–2 of \d+ frame\(s\) \(limit 2\); \d+ more: call again with cursor "2"\./);
    const second = await mcp.call('get_signaling', { tab, limit: 2, cursor: '2' });
    expect(second.text).toMatch(/^Signaling of tab \d+ .*\n#2 /);
    const sentOnly = await mcp.call('get_signaling', { tab, direction: 'sent', limit: 200 });
    expect(sentOnly.text).not.toMatch(/ recv /);
    expect(sentOnly.text).not.toContain(telnyx.user.passwd);
    const badCursor = await mcp.call('get_signaling', { tab, cursor: 'abc' });
    expect(badCursor).toEqual({ isError: true, text: expect.stringContaining('cursor "abc" is not one this tool gave') });

    // Healthy call: no errors. (Warnings are not asserted away: on a loaded 2-core box ICE gathering can
    // pass the 3 s slow-ice-gathering threshold, a true finding about that machine.)
    const errors = await mcp.call('get_findings', { tab, minSeverity: 'error' });
    expect(errors.text).toMatch(/No finding\(s\) at error or above|All 0 finding/);
    const all = await mcp.call('get_findings', { tab });
    expect(all.text).toMatch(/^Findings of tab \d+:\n(\[(info|warning)\] \S+ \+\d+\.\d{3}s: .+\n(    .+\n)*)*(No finding|All \d+ finding)/);

    const stats = await mcp.call('get_stats', { tab });
    expect(stats.text).toMatch(/audio in kbps: min \d+, avg \d+, max \d+/);
    expect(stats.text).toMatch(/last \d+ of \d+ second\(s\)/);

    const out = testInfo.outputPath('agent.json.gz');
    const exported = await mcp.call('export_bundle', { tab, path: out });
    expect(exported.text).toMatch(new RegExp(`^Wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ bytes, gzip\\): 1 call\\(s\\), \\d+ finding\\(s\\)`));
    const analyzed = await mcp.call('analyze_bundle', { path: out });
    expect(analyzed.isError, analyzed.text).toBe(false);
    expect(analyzed.text).toMatch(/^Bundle .*agent\.json\.gz \(bundle, from extension, created /);
    expect(analyzed.text).toMatch(/Calls \(1\):\n {2}\S+ telnyx outbound to 5151( from \S+)?: active/);
    expect(analyzed.text).not.toContain(telnyx.user.passwd);

    // Bad input: each an error result that says what is wrong; the server keeps answering.
    const notBundle = testInfo.outputPath('notes.txt');
    await writeFile(notBundle, 'just some notes, not a bundle');
    expect(await mcp.call('analyze_bundle', { path: notBundle })).toEqual({ isError: true, text: expect.stringContaining('is not a bundle') });
    expect(await mcp.call('analyze_bundle', { path: testInfo.outputPath('missing.json') })).toEqual({ isError: true, text: expect.stringMatching(/cannot read .*missing\.json \(ENOENT\)/) });
    expect(await mcp.call('export_bundle', { tab, path: `${out}/inside-a-file.json` })).toEqual({ isError: true, text: expect.stringContaining('a part of the path is a file (ENOTDIR)') });
    expect(await mcp.call('get_overview', { tab: 987654321 })).toEqual({ isError: true, text: 'tab 987654321 does not exist (closed, or never opened); list_tabs shows the open ones' });
    expect(await mcp.call('get_stats', { tab, pc: 'nope' })).toEqual({ isError: true, text: expect.stringContaining('no peer connection "nope"') });
    expect(await mcp.call('simulate_fault', { tab, fault: { kind: 'ws-drop' } })).toEqual({ isError: true, text: expect.stringContaining('not a fault: ') });
    const never = await mcp.call('open_page', { url: `http://127.0.0.1:${await closedPort()}/` });
    expect(never).toEqual({ isError: true, text: expect.stringContaining('the page never loaded') });
    expect(await mcp.call('open_page', { url: 'file:///etc/passwd' })).toEqual({ isError: true, text: expect.stringContaining('only http(s) pages are captured') });

    // The call is still there and readable after all of that.
    expect((await mcp.call('get_calls', { tab })).text).toMatch(/outbound to 5151( from \S+)?: active/);

    // The preflight runs inside the tab's page (its origin and permissions), as the panel's Preflight view runs it.
    const pre = await mcp.call('run_preflight', { tab });
    expect(pre.isError, pre.text).toBe(false);
    expect(pre.text).toMatch(new RegExp(`^Preflight in tab ${tab}:\nRTC DevTools preflight: (PASS|WARN|FAIL)`));
    expect(pre.text).toMatch(/\n\[(PASS|WARN|FAIL|SKIP)\] /);
    expect(await mcp.call('run_preflight', { tab, turn: { url: 'http://127.0.0.1:3478', username: 'u', credential: 'c' } })).toEqual({ isError: true, text: expect.stringContaining('is not a turn: or turns: URL') });

    // Simulate: drop the signaling socket as a network loss would; the agent sees the reconnect.
    const armed = await mcp.call('simulate_fault', { tab, fault: { kind: 'drop-connection', params: { offlineS: 0 } } });
    expect(armed.text).toMatch(new RegExp(`^Armed in tab ${tab}: Drop connection`));
    await expect.poll(async () => (await mcp.call('get_overview', { tab })).text, { timeout: 20_000 }).toMatch(/auth ok[^\n]*, [1-9]\d* reconnect\(s\)/);
    expect((await mcp.call('simulate_fault', { tab, fault: 'stop' })).text).toBe(`Stopped every fault in tab ${tab}.`);
  } finally {
    await mcp.client.close();
  }
});
