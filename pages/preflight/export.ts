/** The page's two ways out: a diagnostics bundle file (same format as the panel's) and a text summary. */
import { buildBundle } from '../../core/bundle/build.js';
import { exportBundle } from '../../core/bundle/export.js';
import { formatPreflightSummary, stripUrlSecrets, type PreflightResult } from '../../core/preflight/index.js';

export function pageEnvironment() {
  const nav = navigator as Navigator & { userAgentData?: { toJSON?(): unknown } };
  let timeZone: string | undefined;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    timeZone = undefined;
  }
  return {
    userAgent: nav.userAgent,
    ...(nav.userAgentData?.toJSON ? { userAgentData: JSON.parse(JSON.stringify(nav.userAgentData.toJSON())) } : {}),
    platform: nav.platform,
    language: nav.language,
    ...(timeZone ? { timeZone } : {}),
    // The link support sent may carry TURN credentials in its query.
    pageUrl: stripUrlSecrets(location.href),
    source: 'preflight-page',
  };
}

export async function downloadBundle(result: PreflightResult): Promise<string> {
  const bundle = buildBundle({ events: [], environment: pageEnvironment(), preflight: result });
  const host = location.protocol.startsWith('http') && location.host ? location.host : 'preflight';
  const file = await exportBundle(bundle, { gzip: true, host: `preflight-${host}` });
  const blob = new Blob([file.bytes as BlobPart], { type: file.mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
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
