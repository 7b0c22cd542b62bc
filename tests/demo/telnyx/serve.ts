/**
 * Runs the Telnyx demo by hand: fake Telnyx server + headless far end (+ coturn with --turn),
 * all on 127.0.0.1, and prints the demo URL to open in a browser with the extension loaded.
 *
 *   npx tsx tests/demo/telnyx/serve.ts [--turn] [--port N]
 *
 * Stops on Ctrl-C.
 */
import { startTurn, type TurnServer } from '../../support/rig/coturn.js';
import { startTelnyxCallRig } from '../../support/rig/telnyx-call.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const withTurn = args.includes('--turn');
  const rig = await startTelnyxCallRig();
  const srv = rig.server;
  const turn: TurnServer | undefined = withTurn ? await startTurn() : undefined;

  const ice: Record<string, string> = turn ? { ice: JSON.stringify([{ urls: turn.urls, username: turn.username, credential: turn.credential }]) } : {};
  console.log(`Telnyx demo:   ${rig.demoUrl(ice)}`);
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
    await turn?.stop();
    await rig.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
