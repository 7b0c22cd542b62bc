/**
 * Runs the MCP server on this process's stdin/stdout until the client closes stdin (or a signal),
 * then closes the browser it launched. stdout belongs to the protocol: diagnostics go to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { BrowserHost, type HostOptions } from './host.js';
import { createServer } from './server.js';

export async function runMcpServer(opts: HostOptions): Promise<void> {
  const host = new BrowserHost(opts);
  const server = createServer(host);
  const transport = new StdioServerTransport();
  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      await host.close().catch((err: unknown) => process.stderr.write(`rtc-devtools mcp: closing the browser failed: ${String(err)}\n`));
      await server.close().catch(() => undefined);
    })());
  const ended = new Promise<void>((done) => {
    process.stdin.on('end', () => void shutdown().then(done));
    process.stdin.on('close', () => void shutdown().then(done));
    process.once('SIGINT', () => void shutdown().then(done));
    process.once('SIGTERM', () => void shutdown().then(done));
  });
  await server.connect(transport);
  process.stderr.write(`rtc-devtools mcp: ready on stdio${opts.cdp ? ` (attaching to ${opts.cdp})` : ''}\n`);
  await ended;
}
