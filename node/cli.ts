/**
 * `rtc-devtools` command line:
 *   rtc-devtools record --out FILE [--gzip] [--keep-phone-numbers] [--keep-sip-addresses] -- COMMAND [ARGS...]
 *   rtc-devtools analyze FILE [--json]
 *   rtc-devtools mcp [--cdp URL] [--headed]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { ensurePreload } from './preloadBuild.js';
import { parseSpool } from './recorder/spool.js';
import { bundleFromCapture, loadBundle } from './bundleIo.js';
import { escapeControls, formatAnalysis, jsonForTerminal } from './report.js';
import { redactArgv } from '../core/redaction/argv.js';

const USAGE = `Usage:
  rtc-devtools record --out FILE [--gzip] [--keep-phone-numbers] [--keep-sip-addresses] -- COMMAND [ARGS...]
      Runs COMMAND with a recorder preloaded into every Node process it starts, and writes its
      WebSocket traffic as a diagnostics bundle (secrets redacted) when it ends or on Ctrl+C.
  rtc-devtools analyze FILE [--json]
      Prints the connection sessions, calls, messages and findings of a bundle (or a
      chrome://webrtc-internals dump).
  rtc-devtools mcp [--cdp URL] [--headed]
      An MCP server on stdio for AI agents: launches Chromium with the built extension (or attaches
      to one started with --remote-debugging-port, at URL) and gives tools to open pages and read
      their calls, signaling, findings and stats, run a preflight, export and analyze bundles.`;

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'record') return record(rest);
  if (cmd === 'analyze') return analyze(rest);
  if (cmd === 'mcp') return mcp(rest);
  process.stderr.write(`${cmd && cmd !== '--help' && cmd !== '-h' ? `Unknown command: ${escapeControls(cmd)}\n` : ''}${USAGE}\n`);
  return cmd === '--help' || cmd === '-h' ? 0 : 2;
}

interface RecordArgs {
  out: string;
  gzip: boolean;
  phoneNumbers: 'keep' | 'remove';
  sipAddresses: 'keep' | 'remove';
  command: string[];
}

export function parseRecordArgs(args: string[]): RecordArgs | string {
  const dd = args.indexOf('--');
  const opts = dd < 0 ? args : args.slice(0, dd);
  const command = dd < 0 ? [] : args.slice(dd + 1);
  let out = '';
  let gzip = false;
  let phoneNumbers: 'keep' | 'remove' = 'remove';
  let sipAddresses: 'keep' | 'remove' = 'remove';
  for (let i = 0; i < opts.length; i++) {
    const a = opts[i]!;
    if (a === '--out' || a === '-o') out = opts[++i] ?? '';
    else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--gzip') gzip = true;
    else if (a === '--keep-phone-numbers') phoneNumbers = 'keep';
    else if (a === '--keep-sip-addresses') sipAddresses = 'keep';
    else return `Unknown option: ${a}`;
  }
  if (!out) return 'Missing --out FILE';
  if (command.length === 0) return 'Missing the command to run after --';
  if (out.endsWith('.gz')) gzip = true;
  return { out, gzip, phoneNumbers, sipAddresses, command };
}

async function record(args: string[]): Promise<number> {
  const parsed = parseRecordArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${escapeControls(parsed)}\n${USAGE}\n`);
    return 2;
  }
  const preload = await ensurePreload();
  const dir = mkdtempSync(join(tmpdir(), 'rtc-devtools-rec-'));
  const spool = join(dir, 'capture.jsonl');
  writeFileSync(spool, '');
  const startedAt = Date.now();
  // NODE_OPTIONS reaches every Node process the command starts (npm scripts, child processes).
  const quoted = preload.includes(' ') ? JSON.stringify(preload) : preload;
  const env = {
    ...process.env,
    RTC_DEVTOOLS_SPOOL: spool,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${quoted}`.trim(),
  };
  const child = spawn(parsed.command[0]!, parsed.command.slice(1), { stdio: 'inherit', env });
  // The terminal sends Ctrl+C to the whole process group: let the program end, then write.
  const forward = (sig: NodeJS.Signals) => () => {
    if (child.exitCode === null) child.kill(sig);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`rtc-devtools: could not start ${escapeControls(parsed.command[0])}: ${escapeControls(err.message)}\n`);
      resolve({ code: 127, signal: null });
    });
    child.on('exit', (c, s) => resolve({ code: c, signal: s }));
  });
  process.off('SIGINT', onInt);
  process.off('SIGTERM', onTerm);

  const { events, badLines } = parseSpool(existsSync(spool) ? readFileSync(spool, 'utf8') : '');
  let built: Awaited<ReturnType<typeof bundleFromCapture>>;
  try {
    built = await bundleFromCapture(events, {
      gzip: parsed.gzip,
      redact: { phoneNumbers: parsed.phoneNumbers, sipAddresses: parsed.sipAddresses },
      host: hostname(),
      window: { start: startedAt, end: Date.now() },
      // The command line lands in the bundle (environment.pageUrl): `--password X` must not.
      commandLine: redactArgv(parsed.command).join(' '),
    });
    writeFileSync(parsed.out, built.file.bytes);
  } catch (err) {
    // The spool is the recording: it stays until a bundle of it is on disk.
    process.stderr.write(`rtc-devtools: could not write ${escapeControls(parsed.out)}: ${escapeControls((err as Error).message)}\nrtc-devtools: the raw capture is kept at ${escapeControls(spool)}\n`);
    return 1;
  }
  rmSync(dir, { recursive: true, force: true });
  const { file, redactions, summary } = built;
  process.stderr.write(
    `rtc-devtools: ${escapeControls(summary)}; ${redactions} value(s) redacted${badLines ? `; ${badLines} partial line(s) skipped` : ''}\n` +
      `rtc-devtools: wrote ${escapeControls(parsed.out)} (${file.bytes.length} bytes)\n`,
  );
  if (signal) return signal === 'SIGINT' ? 130 : 143;
  return code ?? 1;
}

async function analyze(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write(`Missing FILE\n${USAGE}\n`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    process.stderr.write(`rtc-devtools: cannot read ${escapeControls(file)}: ${escapeControls((err as Error).message)}\n`);
    return 1;
  }
  const loaded = await loadBundle(bytes, file);
  if (!loaded.ok) {
    process.stderr.write(`rtc-devtools: ${escapeControls(file)}: ${escapeControls(loaded.error)}\n`);
    return 1;
  }
  process.stdout.write(json ? `${jsonForTerminal(loaded.analysis)}\n` : formatAnalysis(loaded.bundle, loaded.analysis, { color: process.stdout.isTTY === true }));
  return 0;
}

export function parseMcpArgs(args: string[]): { cdp?: string; headless: boolean } | string {
  let cdp: string | undefined;
  let headless = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--cdp') cdp = args[++i] ?? '';
    else if (a.startsWith('--cdp=')) cdp = a.slice(6);
    else if (a === '--headed') headless = false;
    else return `Unknown option: ${a}`;
  }
  if (cdp !== undefined && !/^(https?|wss?):\/\/\S+$/.test(cdp)) return `--cdp needs the browser's DevTools URL (http://127.0.0.1:9222), got "${cdp}"`;
  return { ...(cdp !== undefined ? { cdp } : {}), headless };
}

async function mcp(args: string[]): Promise<number> {
  const parsed = parseMcpArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${escapeControls(parsed)}\n${USAGE}\n`);
    return 2;
  }
  // Loaded only here: the other commands need neither the MCP SDK nor Playwright.
  const { runMcpServer } = await import('./mcp/stdio.js');
  await runMcpServer({ ...(parsed.cdp ? { cdp: parsed.cdp } : {}), launch: { headless: parsed.headless } });
  return 0;
}
