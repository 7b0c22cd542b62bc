import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { chromeManifest, firefoxManifest, GECKO_ID, type Manifest } from '../../../scripts/build.js';

const base = JSON.parse(readFileSync('manifest.json', 'utf8')) as Manifest;

describe('manifests', () => {
  it('hook runs in the MAIN world at document_start in every frame, bridge in the isolated world', () => {
    const [hook, bridge] = base.content_scripts as Record<string, unknown>[];
    expect(hook).toMatchObject({ js: ['hook.js'], world: 'MAIN', run_at: 'document_start', all_frames: true, match_about_blank: true, match_origin_as_fallback: true, matches: ['<all_urls>'] });
    expect(bridge).toMatchObject({ js: ['bridge.js'], run_at: 'document_start', all_frames: true });
    expect(bridge!.world).toBeUndefined();
  });

  it('asks for no permissions and keeps a strict CSP on extension pages', () => {
    expect(base.permissions).toEqual([]);
    expect(base.host_permissions).toBeUndefined();
    const csp = (base.content_security_policy as { extension_pages: string }).extension_pages;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
  });

  it('Chromium gets a service worker; Firefox background scripts and a gecko id', () => {
    expect(chromeManifest(base).background).toEqual({ service_worker: 'background.js' });
    const ff = firefoxManifest(base);
    expect(ff.background).toEqual({ scripts: ['background.js'] });
    expect(ff.minimum_chrome_version).toBeUndefined();
    expect(ff.browser_specific_settings).toMatchObject({ gecko: { id: GECKO_ID, strict_min_version: expect.stringMatching(/^\d+\.0$/) } });
    // The base manifest is not mutated by the variants.
    expect(base.background).toEqual({ service_worker: 'background.js' });
  });
});
