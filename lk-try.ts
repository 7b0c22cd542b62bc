import { join, resolve } from 'node:path';
import { startLiveKitServer } from './tests/support/servers/livekit.js';
import { launchPlainChromium } from './tests/support/rig/browser.js';
import { startFarEnd } from './tests/support/rig/farend.js';
const ROOT = resolve('.');
const srv = await startLiveKitServer({ mounts: { '/': join(ROOT, 'tests/demo'), '/node_modules/': join(ROOT, 'node_modules') } });
const browser = await launchPlainChromium();
const far = await startFarEnd(srv.farEndUrl, { browser });
const ctx = await browser.newContext();
const page = await ctx.newPage();
page.on('console', (m) => { if (m.type() === 'error' || m.type()==='warning') console.log('console', m.type(), m.text().slice(0, 300)); });
const tok = 'eyJhbGciOiJub25lIn0.' + Buffer.from(JSON.stringify({ sub: 'alice', video: { room: 'demo-room', roomJoin: true } })).toString('base64url') + '.sig';
await page.goto(`${srv.httpUrl}/livekit/index.html?host=${encodeURIComponent(srv.url)}&token=${tok}`);
const show = async (label: string) => console.log(label, JSON.stringify(await page.evaluate(() => { const d = (window as any).demo; return { state: d.state, events: d.events, published: d.published, subscribed: d.subscribed }; })), await page.locator('#error').textContent());
for (let i = 0; i < 10; i++) { await new Promise((r) => setTimeout(r, 1000)); await show('t' + i); if ((await page.evaluate(() => (window as any).demo.subscribed.length)) >= 2 && (await page.evaluate(() => (window as any).demo.published.length)) >= 2) break; }
console.log(srv.log.map((e) => `${e.conn}${e.dir === 'in' ? '>' : '<'}${e.case}`).join(' '));
srv.dropSockets();
for (let i = 0; i < 10; i++) { await new Promise((r) => setTimeout(r, 1000)); await show('d' + i); if ((await page.evaluate(() => (window as any).demo.reconnects)) >= 1) break; }
await page.click('#leave');
await new Promise((r) => setTimeout(r, 1000));
await show('end');
console.log(srv.log.map((e) => `${e.conn}${e.dir === 'in' ? '>' : '<'}${e.case}`).join(' '));
console.log(srv.connections);
await far.close(); await browser.close(); await srv.close();
