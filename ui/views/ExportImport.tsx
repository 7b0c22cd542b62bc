import { useState } from 'preact/hooks';
import type { PanelStore } from '../data/store.js';
import type { RedactionItem } from '../data/bundle.js';
import type { ExportSettings } from '../export-actions.js';
import { prepareBundle } from '../export-actions.js';
import { FrameRefText } from '../components/FrameRefText.js';
import { MoreLine, useCapped } from '../components/CappedList.js';

export interface ExportImportProps {
  store: PanelStore;
  settings: ExportSettings;
  onSettings: (s: ExportSettings) => void;
  onExportInterop: (kind: 'webrtc-internals' | 'har') => void;
  onOpenFile: (file: File) => void;
  importError: string;
  importInfo: string;
  /** Shows a frame in Signaling: the review's "frame 6 of socket 1" places become links when set. */
  onOpenFrame?: (frameIndex: number) => void;
}

/** Groups the redaction report so a person can review it: what kind, where, how many. */
export function groupReport(report: readonly RedactionItem[]): { kind: string; count: number; where: string[] }[] {
  const groups = new Map<string, { kind: string; count: number; where: string[] }>();
  for (const r of report) {
    const label = r.field ? `${r.kind} (${r.field})` : r.kind;
    let g = groups.get(label);
    if (!g) groups.set(label, (g = { kind: label, count: 0, where: [] }));
    g.count += r.count;
    if (g.where.length < 20 && !g.where.includes(r.where)) g.where.push(r.where);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export function ExportImport(props: ExportImportProps) {
  const { settings, onSettings } = props;
  const [report, setReport] = useState<ReturnType<typeof groupReport> | undefined>(undefined);
  // A page can plant secrets under thousands of distinct names: one row each, capped like every list it can grow.
  const rows = useCapped(report ?? []);
  const [over, setOver] = useState(false);
  const setChoice = (k: 'phoneNumbers' | 'sipAddresses', v: string) => {
    onSettings({ ...settings, choices: { ...settings.choices, [k]: v === 'keep' ? 'keep' : 'remove' } });
    setReport(undefined);
  };
  return (
    <div class="pad">
      <section aria-labelledby="exp-h">
        <h2 id="exp-h">Export</h2>
        <p>
          Secrets (tokens, JWTs, passwords, TURN credentials, Authorization values) are always redacted. The{' '}
          <b>Export diagnostics</b> button in the toolbar saves the bundle with the choices below.
        </p>
        <fieldset>
          <legend>Redaction</legend>
          <label>
            {'Phone numbers '}
            <select aria-label="Phone numbers" value={settings.choices.phoneNumbers} onChange={(e) => setChoice('phoneNumbers', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="remove">remove</option>
              <option value="keep">keep</option>
            </select>
          </label>{' '}
          <label>
            {'SIP addresses '}
            <select aria-label="SIP addresses" value={settings.choices.sipAddresses} onChange={(e) => setChoice('sipAddresses', (e.currentTarget as HTMLSelectElement).value)}>
              <option value="remove">remove</option>
              <option value="keep">keep</option>
            </select>
          </label>{' '}
          <label>
            {'Format '}
            <select
              aria-label="Format"
              value={settings.gzip ? 'json.gz' : 'json'}
              onChange={(e) => onSettings({ ...settings, gzip: (e.currentTarget as HTMLSelectElement).value === 'json.gz' })}
            >
              <option value="json">.json</option>
              <option value="json.gz">.json.gz (smaller)</option>
            </select>
          </label>
        </fieldset>
        <p>
          <button type="button" onClick={() => setReport(groupReport(prepareBundle(props.store, settings).report))}>
            Review redactions
          </button>{' '}
          <button type="button" onClick={() => props.onExportInterop('webrtc-internals')}>
            Export webrtc-internals dump
          </button>{' '}
          <button type="button" onClick={() => props.onExportInterop('har')}>
            Export HAR
          </button>
        </p>
        {report && (
          <div class="report" role="region" aria-label="Redaction review">
            {report.length === 0 ? (
              <p>Nothing in this capture needs redacting.</p>
            ) : (
              <table class="grid">
                <thead>
                  <tr>
                    <th scope="col">What</th>
                    <th scope="col">Count</th>
                    <th scope="col">Where</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.shown.map((g) => (
                    <tr key={g.kind}>
                      <td>{g.kind}</td>
                      <td>{String(g.count)}</td>
                      <td class="wrap">
                        <FrameRefText text={g.where.join('; ')} store={props.store} onOpenFrame={props.onOpenFrame} />
                      </td>
                    </tr>
                  ))}
                  <MoreLine list={rows} noun="kinds of redaction" as="tr" colSpan={3} />
                </tbody>
              </table>
            )}
          </div>
        )}
      </section>

      <section aria-labelledby="imp-h">
        <h2 id="imp-h">Import</h2>
        <p>Open a diagnostics bundle (.json, .json.gz) or a chrome://webrtc-internals dump to see it in every view, offline.</p>
        <div
          class={`dropzone${over ? ' over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            // The app also opens files dropped anywhere: open this one once.
            e.stopPropagation();
            setOver(false);
            const f = e.dataTransfer?.files[0];
            if (f) props.onOpenFile(f);
          }}
        >
          <label>
            {'Open file '}
            <input
              type="file"
              aria-label="Open bundle or webrtc-internals dump"
              accept=".json,.gz,.txt,application/json,application/gzip"
              onChange={(e) => {
                const input = e.currentTarget as HTMLInputElement;
                const f = input.files?.[0];
                if (f) props.onOpenFile(f);
                input.value = '';
              }}
            />
          </label>
          <p class="empty">or drop a file here</p>
        </div>
        {props.importError && (
          <p class="error-msg" role="alert">
            {props.importError}
          </p>
        )}
        {props.importInfo && <p role="status">{props.importInfo}</p>}
      </section>
    </div>
  );
}
