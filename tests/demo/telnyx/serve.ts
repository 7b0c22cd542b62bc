/**
 * Runs the Telnyx demo by hand: fake Telnyx server + headless far end (+ coturn with --turn),
 * all on 127.0.0.1, and prints the demo URL to open in a browser with the extension loaded.
 *
 *   npx tsx tests/demo/telnyx/serve.ts [--turn] [--port N]
 *
 * Stops on Ctrl-C.
 */
import { join, resolve } from 'node:path';
import { launchPlainChromium } from '../../rig/browser.js';
import { startTurn, type TurnServer } from '../../rig/coturn.js';
import { startFarEnd } from '../../rig/farend.js';
import { startTelnyxServer } from '../../servers/telnyx.js';

const ROOT = resolve(import.meta.dirname, '../../..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const withTurn = args.includes('--turn');
  const srv = await startTelnyxServer({
    users: { alice: 'secret-pw' },
    mounts: { '/': join(ROOT, 'tests/demo'), '/node_modules/': join(ROOT, 'node_modules') },
  });
  const turn: TurnServer | undefined = withTurn ? await startTurn() : undefined;
  const browser = await launchPlainChromium();
  const farEnd = await startFarEnd(srv.farEndUrl, { browser });

  const q = new URLSearchParams({ host: srv.url.replace(/\/$/, ''), login: 'alice', passwd: 'secret-pw', destination: '+15557654321' });
  if (turn) q.set('ice', JSON.stringify([{ urls: turn.urls, username: turn.username, credential: turn.credential }]));
  console.log(`Telnyx demo:   ${srv.httpUrl}/telnyx/index.html?${q}`);
  console.log(`  add &relay=1 to force the TURN relay, &hangupAfter=10 to end the call by itself, &debug=1 for debug reports`);
  if (turn) console.log(`TURN:          ${turn.urls.join(' ')} (${turn.username} / ${turn.credential})`);
  console.log('Ctrl-C to stop.');

  let frames = 0;
  const timer = setInterval(() => {
    if (srv.frames.length === frames) return;
    for (const f of srv.frames.slice(frames)) console.log(`  #${f.conn} ${f.dir === 'in' ? '->' : '<-'} ${f.method ?? f.kind ?? '?'}`);
    frames = srv.frames.length;
  }, 250);

  const stop = async () => {
    clearInterval(timer);
    await farEnd.close();
    await browser.close();
    await turn?.stop();
    await srv.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
