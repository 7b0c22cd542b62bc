import { useEffect, useRef, useState } from 'preact/hooks';
import type { Subscription } from 'rxjs';
import {
  EMPTY_FIELDS,
  configFromFields,
  runBrowserPreflight,
  type CheckResult,
  type ConfigFields,
  type PreflightResult,
} from '../../../core/preflight/index.js';
import type { CaptureStore } from '../data/store.js';
import { JsonTree } from '../components/JsonTree.js';

/** Runs one of an SDK's own diagnostics in the inspected page (extension only). */
export type SdkCommandRunner = (sdkId: string, command: 'preflight' | 'getDeviceCapabilities' | 'exportDiagnostics') => Promise<{ ok: boolean; value?: unknown; error?: { message?: string } }>;

interface Row {
  id: string;
  title: string;
  status: string;
  fraction: number;
  result?: CheckResult;
}

function ResultList(props: { checks: readonly CheckResult[] }) {
  return (
    <ul class="findings" aria-label="Preflight checks">
      {props.checks.map((c) => (
        <li key={c.id} class={`finding ${c.status === 'fail' ? 'error' : c.status === 'warn' ? 'warning' : 'info'}`}>
          <span class="sev">{c.status}</span> {`${c.title}: ${c.summary}`}
          {c.advice.map((a, i) => (
            <p key={i} class="advice">
              {a}
            </p>
          ))}
        </li>
      ))}
    </ul>
  );
}

function SdkCommands(props: { store: CaptureStore; run: SdkCommandRunner }) {
  const sdks = [...props.store.model.sdks.values()];
  const [out, setOut] = useState<{ title: string; value: unknown; error?: string } | undefined>();
  const [busy, setBusy] = useState(false);
  if (sdks.length === 0) return <p class="empty">No SDK instance found in the page, so its own checks cannot run.</p>;
  const go = async (sdkId: string, label: string, cmd: 'preflight' | 'getDeviceCapabilities' | 'exportDiagnostics') => {
    setBusy(true);
    setOut({ title: `${label}: running…`, value: null });
    const r = await props.run(sdkId, cmd);
    setBusy(false);
    if (r.ok) {
      setOut({ title: `${label}: result`, value: r.value });
      if (cmd === 'exportDiagnostics') {
        props.store.sdkDiagnostics = r.value;
        props.store.bump();
      }
    } else setOut({ title: `${label}: failed`, value: null, error: r.error?.message ?? 'no answer' });
  };
  return (
    <div>
      {sdks.map((s) => (
        <p key={s.id}>
          {`${s.sdk} ${s.version} `}
          {(['preflight', 'getDeviceCapabilities', 'exportDiagnostics'] as const).map((c) => (
            <button key={c} type="button" disabled={busy} onClick={() => go(s.id, `${s.sdk} ${c}()`, c)}>
              {`Run ${s.sdk} ${c}()`}
            </button>
          ))}
        </p>
      ))}
      {out && (
        <div role="region" aria-label="SDK command result">
          <h3>{out.title}</h3>
          {out.error ? <p class="error-msg">{out.error}</p> : out.value !== null && <JsonTree value={out.value} label="SDK command result" />}
        </div>
      )}
    </div>
  );
}

export function Preflight(props: { store: CaptureStore; runSdkCommand?: SdkCommandRunner }) {
  const { store } = props;
  const [fields, setFields] = useState<ConfigFields>(EMPTY_FIELDS);
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState('');
  const [running, setRunning] = useState(false);
  const sub = useRef<Subscription | null>(null);
  useEffect(() => () => sub.current?.unsubscribe(), []);
  const result = store.preflight as PreflightResult | undefined;

  const start = () => {
    const { config, problems } = configFromFields(fields);
    if (problems.length) {
      setError(problems.map((p) => p.message).join('; '));
      return;
    }
    setError('');
    setRunning(true);
    sub.current?.unsubscribe();
    sub.current = runBrowserPreflight(config).subscribe({
      next(ev) {
        if (ev.type === 'start') setRows(ev.checks.map((c) => ({ id: c.id, title: c.title, status: 'waiting', fraction: 0 })));
        else if (ev.type === 'check-start') setRows((r) => r.map((x) => (x.id === ev.id ? { ...x, status: 'running' } : x)));
        else if (ev.type === 'progress') setRows((r) => r.map((x) => (x.id === ev.id ? { ...x, fraction: ev.fraction } : x)));
        else if (ev.type === 'check-done') setRows((r) => r.map((x) => (x.id === ev.result.id ? { ...x, status: ev.result.status, fraction: 1, result: ev.result } : x)));
        else if (ev.type === 'done') {
          store.preflight = ev.result;
          store.bump();
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
  const field = (k: keyof ConfigFields, label: string, type = 'text') => (
    <label>
      {`${label} `}
      <input type={type} aria-label={label} value={fields[k]} onInput={(e) => setFields({ ...fields, [k]: (e.currentTarget as HTMLInputElement).value })} />
    </label>
  );
  return (
    <div class="pad">
      <section aria-labelledby="pf-run">
        <h2 id="pf-run">Preflight from this browser</h2>
        <p>Checks devices, network, TURN and call quality from this browser; the result goes into the exported bundle.</p>
        <div class="filters">
          {field('turn', 'TURN URL')}
          {field('user', 'TURN username')}
          {field('pass', 'TURN password', 'password')}
          {field('ws', 'Signaling WebSocket URL')}
        </div>
        <p>
          <button type="button" class="primary" disabled={running} onClick={start}>
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
        {rows.length > 0 && (
          <ul aria-label="Preflight progress">
            {rows.map((r) => (
              <li key={r.id}>
                {`${r.title}: ${r.status} `}
                <progress max={1} value={r.fraction} aria-label={`${r.title} progress`} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="pf-result">
        <h2 id="pf-result">Preflight result</h2>
        {result && Array.isArray(result.checks) ? (
          <>
            <p>
              <b>{result.verdict}</b> {result.verdictText}
            </p>
            <ResultList checks={result.checks} />
          </>
        ) : (
          <p class="empty">No preflight result in this capture.</p>
        )}
      </section>
      {props.runSdkCommand && (
        <section aria-labelledby="pf-sdk">
          <h2 id="pf-sdk">The SDK's own checks</h2>
          <SdkCommands store={store} run={props.runSdkCommand} />
        </section>
      )}
    </div>
  );
}
