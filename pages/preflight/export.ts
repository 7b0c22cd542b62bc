/** The page's two ways out: a diagnostics bundle file (same format as the panel's) and a text summary. */
import { buildBundle } from '../../core/bundle/build.js';
import { browserEnvironment } from '../../core/bundle/environment.js';
import { downloadBlob } from '../../ui/data/download.js';
import { exportBundle } from '../../core/bundle/export.js';
import { formatPreflightSummary, stripUrlSecrets, type PreflightResult } from '../../core/preflight/index.js';

export function pageEnvironment() {
  return {
    ...browserEnvironment(),
    // The link support sent may carry TURN credentials in its query.
    pageUrl: stripUrlSecrets(location.href),
    source: 'preflight-page',
  };
}

export async function downloadBundle(result: PreflightResult): Promise<string> {
  const bundle = buildBundle({ events: [], environment: pageEnvironment(), preflight: result });
  const host = location.protocol.startsWith('http') && location.host ? location.host : 'preflight';
  const file = await exportBundle(bundle, { gzip: true, host: `preflight-${host}` });
  downloadBlob(file.bytes as BlobPart, file.name, file.mime);
  return file.name;
}

/** Copies the summary; false when the clipboard is not available (the page then shows it to copy by hand). */
export async function copySummary(result: PreflightResult): Promise<boolean> {
  const text = formatPreflightSummary(result);
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
