/**
 * What the export buttons do, kept out of the views so the toolbar button and the Export tab
 * share one implementation.
 */
import type { PanelStore } from './data/store.js';
import { buildPanelBundle, type RedactChoices } from './data/bundle.js';
import { exportBundle } from '../core/bundle/export.js';
import { captureHostOf } from '../core/bundle/capture-bundle.js';
import { downloadBlob } from '../core/bundle/download.js';

export interface ExportSettings {
  /** Secrets are always redacted; these choose what else goes. */
  choices: RedactChoices;
  gzip: boolean;
}

export const defaultExportSettings: ExportSettings = {
  choices: { phoneNumbers: 'remove', sipAddresses: 'remove' },
  gzip: false,
};

/** Host of the inspected page, for the file name. */
export function captureHost(store: PanelStore): string {
  const fallback = store.source.kind === 'live' ? 'page' : store.source.label.replace(/\.(json|gz|txt)+$/i, '') || 'capture';
  return captureHostOf(store.docs, fallback);
}

export function prepareBundle(store: PanelStore, settings: ExportSettings) {
  const top = [...store.docs].reverse().find((d) => d.top);
  return buildPanelBundle(
    {
      events: store.events,
      analysis: store.analyzer.raw(),
      dropped: store.dropped,
      preflight: store.preflight,
      sdkDiagnostics: store.sdkDiagnostics,
      environment: { source: store.source.kind === 'live' ? 'extension' : 'viewer', ...(top ? { pageUrl: top.url } : {}) },
      // Page loads go with the events: without them the viewer cannot tell loads apart or mark where the page changed.
      docs: store.docs,
    },
    settings.choices,
  );
}

export async function exportDiagnostics(store: PanelStore, settings: ExportSettings): Promise<string> {
  const { bundle } = prepareBundle(store, settings);
  const file = await exportBundle(bundle, { gzip: settings.gzip, host: captureHost(store) });
  downloadBlob(file.bytes as BlobPart, file.name, file.mime);
  return file.name;
}
