/**
 * Hostile page content through the real pipeline (hook -> bridge -> worker -> panel), then through
 * Export diagnostics into the viewer: markup and script payloads in frames, JSON keys and values,
 * the socket URL, the close reason, a data channel label, a rejected SDP, getUserMedia constraints, a
 * child frame URL and an SDK registered with a hostile name, version and state. Every view must show
 * them as text: no element from page content, nothing run.
 */
import { test, expect, type Page, testPages } from '../support/fixture.js';
import { type HttpRig } from '../support/rig/http.js';
import { openPanel, readCapture, tabIdOf, type ExtensionHandle } from '../support/rig/extension.js';

const FIXTURES = testPages('reliability');
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const VIEWS = ['Overview', 'Signaling', 'Calls', 'Media', 'Devices', 'Preflight', 'Export / Import'];

let http: HttpRig;
let ext: ExtensionHandle;
test.beforeAll(async ({ rigs }) => {
  http = await rigs.serve({ mounts: { '/': FIXTURES }, ws: { '*': (ws) => ws.on('message', (d, isBinary) => ws.send(d, { binary: isBinary })) } });
  ext = await rigs.extension();
});

/** No element or script from page content exists, and nothing it carried has run. */
async function expectNoInjectedMarkup(p: Page, where: string): Promise<void> {
  expect(await p.locator('img, script:not([src]), b:text("bold")').count(), where).toBe(0);
  expect(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), where).toBeUndefined();
}

async function visitEveryView(p: Page, label: string): Promise<void> {
  for (const name of VIEWS) {
    await p.getByRole('tab', { name }).click();
    await expect(p.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
    if (name === 'Signaling') {
      const rows = p.getByRole('listbox', { name: 'Frames' }).getByRole('option');
      await expect(rows.first()).toBeVisible();
      const count = await rows.count();
      for (let i = 0; i < count; i++) await rows.nth(i).click();
      await expect(p.getByText(HOSTILE).first()).toBeAttached();
    }
    await expectNoInjectedMarkup(p, `${label} ${name}`);
  }
}

test('hostile page content is text in every panel view and in the viewer after export', async ({}, testInfo) => {
  test.setTimeout(90_000);
  const page = await ext.context.newPage();
  await page.goto(`${http.url}/hostile.html?n=1`);
  const tabId = await tabIdOf(ext, page);
  expect(await page.evaluate(() => (window as unknown as { runHostile(): Promise<boolean> }).runHostile())).toBe(true);
  await expect
    .poll(async () => {
      const evs = await readCapture(ext, tabId);
      return ['ws.close', 'media.gum.result', 'sdk.found'].every((k) => evs.some((e) => e.kind === k)) && evs.filter((e) => e.kind === 'ws.frame').length === 6;
    })
    .toBe(true);
  const stored = JSON.stringify(await readCapture(ext, tabId));
  // The payload is kept verbatim as data (it is the page's own content)...
  expect(stored).toContain(JSON.stringify(HOSTILE).slice(1, -1));

  // ...and is never markup in the panel.
  const panel = await openPanel(ext, tabId);
  await visitEveryView(panel, 'panel');
  await panel.getByRole('tab', { name: 'Overview' }).click();
  const [download] = await Promise.all([panel.waitForEvent('download'), panel.getByRole('button', { name: 'Export diagnostics' }).click()]);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  await expectNoInjectedMarkup(panel, 'panel after export');

  const viewer = await ext.context.newPage();
  await viewer.goto(`chrome-extension://${ext.extensionId}/viewer.html`);
  await viewer.getByLabel('Open bundle or webrtc-internals dump').setInputFiles(file);
  await expect(viewer.getByRole('toolbar', { name: 'Capture' })).toContainText(download.suggestedFilename());
  await visitEveryView(viewer, 'viewer');
  await viewer.close();
  await panel.close();
  await page.close();
});
