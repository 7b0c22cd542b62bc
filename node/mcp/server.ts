/**
 * `rtc-devtools mcp`: an MCP server over stdio (the official TypeScript SDK) that gives an agent what
 * the RTC panel knows about a page — SDKs, sessions, calls, decoded signaling, findings, stats — as
 * compact text, plus preflight, bundle export and offline bundle analysis.
 *
 * Every result passes through the one secret policy (core/redaction redactFreeText) on its way out,
 * with control characters escaped field by field before (format.ts). A tool that fails returns an
 * error result naming what went wrong; the server keeps running.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { captureEnd, eventsFromBundle, readBundleFile } from '../../core/api.js';
import { configFromFields } from '../../core/preflight/config.js';
import { redactFreeText } from '../../core/redaction/index.js';
import { captureHostOf } from '../../core/bundle/capture-bundle.js';
import { analyzeSnapshot, captureView, SEVERITIES, type Severity } from '../../automation/capture.js';
import { writeBundleFile } from '../../automation/bundle-file.js';
import { simulateFault, stopFaults } from '../../automation/simulate.js';
import { FAULT_KINDS } from '../../core/simulate/faults.js';
import { escapeControls } from '../report.js';
import { formatCalls, formatFindings, formatOverview, formatPreflight, formatSignaling, formatStats, formatTabs, pageText } from './format.js';
import type { BrowserHost } from './host.js';

/** A bundle file larger than this is refused before it is read (a 64 MiB capture gzips far below). */
const MAX_BUNDLE_FILE = 512 * 1024 * 1024;

/** Escapes control characters line by line and applies the secret policy to the whole text. */
export function safeText(text: string): string {
  return redactFreeText(
    text
      .split('\n')
      .map((l) => escapeControls(l))
      .join('\n'),
  );
}

export function textResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text: redactFreeText(text) }] };
}

export function errorResult(err: unknown): CallToolResult {
  const message = err instanceof Error ? err.message : String(err);
  return { isError: true, content: [{ type: 'text', text: safeText(message) }] };
}

const tab = z.number().int().describe('A tab id, from open_page or list_tabs');
const cursor = z.string().optional().describe('The cursor a previous page of this tool gave; none for the first page');
const limit = z.number().int().min(1).max(200).optional().describe('Items per page (default 50, at most 200); a page also stops at about 16,000 characters');
const severity = z.enum(SEVERITIES as [Severity, ...Severity[]]);

export function createServer(host: BrowserHost, version = '0.1.0'): McpServer {
  const server = new McpServer({ name: 'rtc-devtools', version });
  // Every handler: formatted text through the secret policy, or an error result; never a thrown error.
  const run = async (fn: () => Promise<string>): Promise<CallToolResult> => {
    try {
      return textResult(await fn());
    } catch (err) {
      return errorResult(err);
    }
  };
  const analyzedTab = async (tabId: number) => {
    const { browser, page } = await host.tab(tabId);
    const analyzed = await browser.link.analyze(tabId);
    return { analyzed, view: captureView(analyzed), page };
  };

  server.registerTool(
    'open_page',
    { description: 'Opens a URL in the browser that has RTC DevTools, waits for it to load, and returns its tab id.', inputSchema: { url: z.string().describe('An http(s) URL') } },
    ({ url }) => run(async () => {
      const t = await host.openPage(url);
      return `Opened tab ${t.tabId}: ${escapeControls(t.url)}${t.title ? ` (${escapeControls(t.title)})` : ''}`;
    }),
  );
  server.registerTool('list_tabs', { description: 'Lists the web pages open in the browser, with their tab ids.', inputSchema: {} }, () =>
    run(async () => formatTabs(await host.listTabs())),
  );
  server.registerTool(
    'get_overview',
    { description: 'One screen about a tab: SDKs, signaling sessions, calls, findings, peer connections, sockets.', inputSchema: { tab } },
    ({ tab: id }) => run(async () => {
      const { view, page } = await analyzedTab(id);
      return formatOverview({ tabId: id, url: page.url(), title: await page.title().catch(() => '') }, view);
    }),
  );
  server.registerTool(
    'get_signaling',
    {
      description: 'Decoded signaling frames of a tab, in order, each paired with its reply (↔#n and latency); filter by text, method or direction; paged.',
      inputSchema: {
        tab,
        filter: z.string().optional().describe('Text the method or the one-line summary contains (case-insensitive)'),
        method: z.string().optional().describe('Exact method, e.g. telnyx_rtc.invite or verto.answer'),
        direction: z.enum(['sent', 'received']).optional(),
        cursor,
        limit,
      },
    },
    ({ tab: id, filter, method, direction, cursor: c, limit: l }) => run(async () => {
      const { analyzed } = await analyzedTab(id);
      const page = formatSignaling(analyzed.analysis.messages, { filter, method, direction }, { cursor: c, limit: l });
      return pageText(`Signaling of tab ${id} (t from the first frame):`, page);
    }),
  );
  server.registerTool(
    'get_calls',
    { description: 'Every call in a tab: states in order, outcome, hang-up cause and side, times to ring/answer/media, quality.', inputSchema: { tab } },
    ({ tab: id }) => run(async () => formatCalls((await analyzedTab(id)).view.calls)),
  );
  server.registerTool(
    'get_findings',
    {
      description: 'Findings (plain-language diagnoses with advice and evidence frames) of a tab at minSeverity or above; paged.',
      inputSchema: { tab, minSeverity: severity.optional().describe('info (default: all), warning or error'), cursor, limit },
    },
    ({ tab: id, minSeverity, cursor: c, limit: l }) => run(async () => {
      const { analyzed } = await analyzedTab(id);
      const t0 = analyzed.analysis.messages[0]?.t;
      return pageText(`Findings of tab ${id}:`, formatFindings(analyzed.analysis.findings, minSeverity ?? 'info', t0, { cursor: c, limit: l }));
    }),
  );
  server.registerTool(
    'get_stats',
    { description: 'Per-second media stats summary of a tab\'s peer connections (or one): min/avg/max and the last seconds; not raw reports.', inputSchema: { tab, pc: z.string().optional().describe('A peer connection id from get_overview') } },
    ({ tab: id, pc }) => run(async () => {
      const { analyzed, view } = await analyzedTab(id);
      return formatStats(analyzed.analysis.quality, view.peerConnections, pc);
    }),
  );
  server.registerTool(
    'run_preflight',
    {
      description: 'Runs the preflight checks (devices, network, TURN, signaling, a loopback call) inside a tab\'s page, with its origin and permissions; without tab, in the most recently opened one.',
      inputSchema: {
        tab: tab.optional(),
        turn: z.object({ url: z.string().describe('turn: or turns: URL'), username: z.string(), credential: z.string() }).optional().describe('A TURN server to test'),
        signaling: z.string().optional().describe('A ws:// or wss:// URL to test'),
      },
    },
    ({ tab: id, turn, signaling }) => run(async () => {
      const tabs = await host.listTabs();
      const chosen = id ?? tabs.filter((t) => t.tabId !== undefined).at(-1)?.tabId;
      if (chosen === undefined) throw new Error('no tab to run the preflight in: open_page first');
      const { browser } = await host.tab(chosen);
      const { config, problems } = configFromFields({ turn: turn?.url ?? '', stun: '', user: turn?.username ?? '', pass: turn?.credential ?? '', ws: signaling ?? '', duration: '' });
      if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
      return `Preflight in tab ${chosen}:\n${formatPreflight(await browser.link.preflight(chosen, config))}`;
    }),
  );
  server.registerTool(
    'simulate_fault',
    {
      description: `Arms a fault in a tab's page, as the panel's Simulate view does: {kind, params} with kind one of ${FAULT_KINDS.join(', ')} (core/simulate/faults.ts lists the params), e.g. {"kind":"drop-connection","params":{"offlineS":3}}. The string "stop" stops every fault armed on the tab.`,
      inputSchema: { tab, fault: z.union([z.literal('stop'), z.object({ kind: z.string(), params: z.record(z.unknown()).optional() })]).describe('The fault to arm, or "stop"') },
    },
    ({ tab: id, fault }) => run(async () => {
      const { browser } = await host.tab(id);
      if (fault === 'stop') {
        await stopFaults(browser.link, id);
        return `Stopped every fault in tab ${id}.`;
      }
      const armed = await simulateFault(browser.link, id, fault);
      return `Armed in tab ${id}: ${escapeControls(armed.description)} (fault id ${escapeControls(armed.faultId)}). The capture shows what it did (fault events, then the page's reaction); simulate_fault {"fault":"stop"} ends it.`;
    }),
  );
  server.registerTool(
    'export_bundle',
    {
      description: 'Writes the tab\'s diagnostics bundle (the panel\'s "Export diagnostics", secrets redacted) to a file; gzipped when the path ends in .gz.',
      inputSchema: { tab, path: z.string().describe('File to write (its folder must exist)') },
    },
    ({ tab: id, path }) => run(async () => {
      const { browser } = await host.tab(id);
      const { bundle, report, analyzed } = await browser.link.bundle(id);
      const written = await writeBundleFile(bundle, path, { host: captureHostOf(analyzed.snapshot.docs) });
      const frames = bundle.sockets.reduce((n, s) => n + s.frames.length, 0);
      return `Wrote ${written.path} (${written.bytes} bytes${written.gzip ? ', gzip' : ''}): ${bundle.calls.length} call(s), ${bundle.findings.length} finding(s), ${bundle.sockets.length} socket(s) with ${frames} frame(s), ${bundle.peerConnections.length} peer connection(s); ${report.length} redaction(s).`;
    }),
  );
  server.registerTool(
    'analyze_bundle',
    {
      description: 'Reads a diagnostics bundle (.json or .json.gz) or a chrome://webrtc-internals dump from disk and gives its overview and findings; no browser needed.',
      inputSchema: { path: z.string().describe('The file to read'), cursor, limit },
    },
    ({ path, cursor: c, limit: l }) => run(async () => {
      const full = resolve(path);
      const info = await stat(full).catch((err: NodeJS.ErrnoException) => {
        throw new Error(`cannot read ${full} (${err.code ?? err.message})`);
      });
      if (!info.isFile()) throw new Error(`${full} is not a file`);
      if (info.size > MAX_BUNDLE_FILE) throw new Error(`${full} is ${info.size} bytes, more than a bundle can be (${MAX_BUNDLE_FILE})`);
      const r = await readBundleFile(new Uint8Array(await readFile(full)), full);
      if (!r.ok) throw new Error(`${full} is not a bundle: ${r.error}`);
      const events = eventsFromBundle(r.bundle);
      const end = captureEnd(r.bundle, events);
      const analyzed = analyzeSnapshot({ docs: [], events: events as never, dropped: r.bundle.dropped ?? { events: 0, bytes: 0, byKind: {} }, preserveLog: false }, end);
      const view = captureView(analyzed);
      const head = [`Bundle ${full} (${r.kind}${r.bundle.environment?.source ? `, from ${r.bundle.environment.source}` : ''}, created ${r.bundle.createdAt ?? '?'})`];
      if (r.bundle.environment?.pageUrl) head.push(`Page: ${r.bundle.environment.pageUrl}`);
      for (const p of r.problems) head.push(`Damaged: ${p.message}`);
      for (const w of r.warnings) head.push(`Note: ${w}`);
      const overview = formatOverview({ tabId: 0, url: r.bundle.environment?.pageUrl }, view).split('\n').slice(1).join('\n');
      const findings = pageText('Findings:', formatFindings(view.findings, 'info', analyzed.analysis.messages[0]?.t, { cursor: c, limit: l }));
      return [...head.map((h) => escapeControls(h)), overview, findings].join('\n');
    }),
  );
  return server;
}
