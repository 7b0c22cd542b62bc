/** The page's ways out: a diagnostics bundle file (same format as the panel's), sent to support when the link says where, and a text summary. */
import { buildBundle } from '../../core/bundle/build.js';
import { browserEnvironment } from '../../core/bundle/environment.js';
import { downloadBlob } from '../../core/bundle/download.js';
import { exportBundle, type BundleFile } from '../../core/bundle/export.js';
import { uploadBundle, type UploadResult } from '../../core/bundle/upload.js';
import { formatPreflightSummary, stripUrlSecrets, type PreflightResult } from '../../core/preflight/index.js';

export function pageEnvironment() {
  return {
    ...browserEnvironment(),
    // The link support sent may carry TURN credentials in its query.
    pageUrl: stripUrlSecrets(location.href),
    source: 'preflight-page',
  };
}

/** The gzipped bundle file of a run: what the download saves and "Send to support" sends. */
async function bundleFile(result: PreflightResult): Promise<BundleFile> {
  const bundle = buildBundle({ events: [], environment: pageEnvironment(), preflight: result });
  const host = location.protocol.startsWith('http') && location.host ? location.host : 'preflight';
  return exportBundle(bundle, { gzip: true, host: `preflight-${host}` });
}

export async function downloadBundle(result: PreflightResult): Promise<string> {
  const file = await bundleFile(result);
  downloadBlob(file.bytes as BlobPart, file.name, file.mime);
  return file.name;
}

/** "Send to support": POSTs the bundle to the link's ?upload= address (docs/preflight.md, upload protocol). */
export async function sendBundle(result: PreflightResult, url: string, ticket: string | undefined): Promise<UploadResult> {
  const file = await bundleFile(result);
  return uploadBundle(url, file.bytes, ticket ? { ticket } : {});
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
