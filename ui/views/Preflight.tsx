import { useEffect, useRef, useState } from 'preact/hooks';
import { map, type Observable, type Subscription } from 'rxjs';
import {
  EMPTY_FIELDS,
  configFromFields,
  runBrowserPreflight,
  type ConfigFields,
  type ConfigProblem,
  type PreflightConfig,
  type PreflightEvent,
  type PreflightResult,
} from '../../core/preflight/index.js';
import { placeEvent, type PlacedResult } from '../../core/preflight/remote.js';
import { CheckList, type CheckRow } from '../preflight/CheckList.js';
import { ConfigForm, FORM_ID } from '../preflight/ConfigForm.js';
import type { PanelStore } from '../data/store.js';
import { JsonTree } from '../components/JsonTree.js';
import type { SdkCommandName } from '../../core/sdk/commands.js';
import { commandOffers } from '../../core/sdk/offers.js';
import { deriveSdkStates } from '../../core/sdk/summary.js';

/** Runs one of an SDK's own diagnostics in the inspected page (extension only). */
export type SdkCommandRunner = (sdkId: string, command: SdkCommandName) => Promise<{ ok: boolean; value?: unknown; error?: { message?: string } }>;

/** A finished result (run here or carried by an imported bundle) in the preflight page's check list. */
export function rowsOfResult(result: PreflightResult): CheckRow[] {
  return result.checks.map((c) => ({ id: c.id, title: c.title, state: c.status, fraction: 1, result: c }));
}

function SdkCommands(props: { store: PanelStore; run: SdkCommandRunner }) {
  const { rows, note } = commandOffers(deriveSdkStates(props.store.model.sdks.values()), props.store.analyzer.snapshot().sdks);
  const [out, setOut] = useState<{ title: string; value: unknown; error?: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const go = async (sdkId: string, label: string, cmd: SdkCommandName) => {
    setBusy(true);
    setOut({ title: `${label}: running…`, value: null });
    const r = await props.run(sdkId, cmd);
    setBusy(false);
    if (r.ok) {
      setOut({ title: `${label}: result`, value: r.value });
      if (cmd === 'exportDiagnostics') {
        props.store.setSdkDiagnostics(r.value);
      }
    } else setOut({ title: `${label}: failed`, value: null, error: r.error?.message ?? 'no answer' });
  };
  return (
    <div>
      {rows.map((s) => (
        <p key={s.id}>
          {`${s.label} `}
          {s.commands.map((c) => (
            <button key={c} type="button" disabled={busy} onClick={() => go(s.id, `${s.sdk} ${c}()`, c)}>
              {`Run ${s.sdk} ${c}()`}
            </button>
          ))}
        </p>
      ))}
      {note && <p class="empty">{note}</p>}
      {out && (
        <div role="region" aria-label="SDK command result">
          <h3>{out.title}</h3>
          {out.error ? <p class="error-msg">{out.error}</p> : out.value !== null && <JsonTree value={out.value} label="SDK command result" />}
        </div>
      )}
    </div>
  );
}

/** Starts a run somewhere; the events are runBrowserPreflight's. */
export type PreflightStarter = (config: PreflightConfig) => Observable<PreflightEvent>;

/** Here, in the panel or viewer page itself: its own permissions and devices, said so in the result. */
function runHere(config: PreflightConfig): Observable<PreflightEvent> {
  const ranIn = { where: 'extension' as const, origin: location.origin };
  return runBrowserPreflight(config).pipe(map((ev) => placeEvent(ev, ranIn)));
}

function whereText(r: PlacedResult | undefined): string {
  if (!r?.ranIn) return '';
  return r.ranIn.where === 'page'
    ? `Ran in the inspected page (${r.ranIn.origin}).`
    : `Ran in this viewer (${r.ranIn.origin}), with its own camera and microphone permissions, not in an inspected page.`;
}

/**
 * `startRun` is given only while the panel is live on an inspected tab (not showing an imported
 * bundle): the checks then run in that page. Without it they run here.
 */
export function Preflight(props: { store: PanelStore; runSdkCommand?: SdkCommandRunner; startRun?: PreflightStarter }) {
  const { store } = props;
  const inPage = props.startRun !== undefined;
  const startRun: PreflightStarter = props.startRun ?? runHere;
  const [fields, setFields] = useState<ConfigFields>(EMPTY_FIELDS);
  const [rows, setRows] = useState<CheckRow[]>([]);
  const [problems, setProblems] = useState<ConfigProblem[]>([]);
  const [error, setError] = useState('');
  const [running, setRunning] = useState(false);
  const sub = useRef<Subscription | null>(null);
  useEffect(() => () => sub.current?.unsubscribe(), []);
  const result = store.preflight as PlacedResult | undefined;

  const start = () => {
    const { config, problems: found } = configFromFields(fields);
    setProblems(found);
    if (found.length) {
      setError('Fix the settings marked above, then run the check.');
      return;
    }
    setError('');
    setRunning(true);
    sub.current?.unsubscribe();
    setRows([]);
    sub.current = startRun(config).subscribe({
      next(ev) {
        if (ev.type === 'start') setRows(ev.checks.map((c) => ({ id: c.id, title: c.title, state: 'waiting', fraction: 0 })));
        else if (ev.type === 'check-start') setRows((r) => r.map((x) => (x.id === ev.id ? { ...x, state: 'running' } : x)));
        else if (ev.type === 'progress') setRows((r) => r.map((x) => (x.id === ev.id ? { ...x, fraction: ev.fraction, note: ev.note } : x)));
        else if (ev.type === 'check-done') setRows((r) => r.map((x) => (x.id === ev.result.id ? { ...x, state: ev.result.status, fraction: 1, result: ev.result } : x)));
        else if (ev.type === 'done') {
          store.setPreflight(ev.result);
        }
      },
      error(err) {
        setRunning(false);
        setError(`Preflight stopped: ${err instanceof Error ? err.message : String(err)}`);
      },
      complete() {
        setRunning(false);
      },
    });
  };
  const shown = rows.length > 0 ? rows : result && Array.isArray(result.checks) ? rowsOfResult(result) : [];
  return (
    <div class="pad preflight">
      <section aria-labelledby="pf-run">
        <h2 id="pf-run">{inPage ? 'Preflight in the inspected page' : 'Preflight from this browser'}</h2>
        <p>
          {inPage
            ? 'Runs inside the inspected page, with its origin\'s camera and microphone permissions and its devices, then checks network, TURN and call quality from there; the result goes into the exported bundle.'
            : 'No live page is inspected here, so the checks run in this viewer, with its own camera and microphone permissions (not those of your app); the result goes into the exported bundle.'}
        </p>
        <ConfigForm fields={fields} problems={problems} disabled={running} onChange={setFields} onSubmit={start} />
        <p>
          <button type="submit" form={FORM_ID} class="primary" disabled={running}>
            Run preflight
          </button>{' '}
          {running && (
            <button type="button" onClick={() => (sub.current?.unsubscribe(), setRunning(false))}>
              Cancel preflight
            </button>
          )}
        </p>
        {error && (
          <p class="error-msg" role="alert">
            {error}
          </p>
        )}
      </section>
      {result && (
        <p role="status" class={`verdict ${result.verdict}`}>
          <b>{result.verdict}</b> {result.verdictText} {whereText(result)}
        </p>
      )}
      {shown.length > 0 ? <CheckList rows={shown} /> : <p class="empty">No preflight result in this capture.</p>}
      {props.runSdkCommand && (
        <section aria-labelledby="pf-sdk">
          <h2 id="pf-sdk">The SDK's own checks</h2>
          <SdkCommands store={store} run={props.runSdkCommand} />
        </section>
      )}
    </div>
  );
}
