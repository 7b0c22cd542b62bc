/** The standalone preflight page: settings, a run with live progress, the verdict, and the ways to share it. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Subscription } from 'rxjs';
import {
  EMPTY_FIELDS,
  configFromFields,
  fieldsFromQuery,
  formatPreflightSummary,
  runBrowserPreflight,
  cancelledResult,
  type CheckResult,
  type ConfigFields,
  type ConfigProblem,
  type DeviceSelection,
  type PreflightConfig,
  type PreflightEvent,
  type PreflightResult,
} from '../../core/preflight/index.js';
import { CheckList, type CheckRow } from '../../ui/preflight/CheckList.js';
import { ConfigForm, FORM_ID } from '../../ui/preflight/ConfigForm.js';
import { DevicePicker } from './DevicePicker.js';
import { copySummary, downloadBundle } from './export.js';
import { SendToSupport, uploadTargetFromQuery } from './SendToSupport.js';

const HEADLINE: Record<PreflightResult['verdict'], string> = {
  pass: 'You are ready for calls',
  warn: 'Calls should work, with some risks',
  fail: 'Calls will probably not work well',
};

declare global {
  interface Window {
    /** The last finished run, for tests and the benchmark to read without scraping the page. */
    __rtcPreflightResult?: PreflightResult;
  }
}

function gestureAudioContext(): AudioContext | undefined {
  try {
    const audio = new AudioContext();
    void audio.resume().catch(() => {});
    return audio;
  } catch {
    return undefined;
  }
}

export function App() {
  const initial = useRef(fieldsFromQuery(location.search));
  const upload = useRef(uploadTargetFromQuery(location.search));
  const [fields, setFields] = useState<ConfigFields>({ ...EMPTY_FIELDS, ...initial.current });
  const [problems, setProblems] = useState<ConfigProblem[]>([]);
  const [devices, setDevices] = useState<DeviceSelection>({});
  const [runs, setRuns] = useState(0);
  const [rows, setRows] = useState<CheckRow[]>([]);
  const [result, setResult] = useState<PreflightResult | null>(null);
  const [running, setRunning] = useState(false);
  const [message, setMessage] = useState('');
  const [manualCopy, setManualCopy] = useState<string | null>(null);
  const sub = useRef<Subscription | null>(null);
  const audioRef = useRef<AudioContext | undefined>(undefined);
  const releaseAudio = () => {
    void audioRef.current?.close().catch(() => {});
    audioRef.current = undefined;
  };
  const runInfo = useRef<{ config: PreflightConfig; startedAt: number; done: CheckResult[] } | null>(null);

  const start = () => {
    const { config, problems: found } = configFromFields({ ...fields, checks: initial.current.checks });
    setProblems(found);
    if (found.length) {
      setMessage('Fix the settings marked above, then run the check.');
      return;
    }
    config.devices = { ...devices };
    sub.current?.unsubscribe();
    releaseAudio();
    // Created inside the click: some browsers allow sound analysis only from a user gesture.
    config.audioContext = gestureAudioContext();
    audioRef.current = config.audioContext;
    setResult(null);
    setManualCopy(null);
    setMessage('');
    setRunning(true);
    runInfo.current = { config, startedAt: Date.now(), done: [] };
    sub.current = runBrowserPreflight(config).subscribe({
      next: (e) => onEvent(e),
      error: (err: unknown) => {
        setRunning(false);
        setMessage(`The check stopped: ${err instanceof Error ? err.message : String(err)}`);
      },
    });
  };

  const onEvent = (e: PreflightEvent) => {
    switch (e.type) {
      case 'start':
        setRows(e.checks.map((c) => ({ id: c.id, title: c.title, state: 'waiting', fraction: 0 })));
        break;
      case 'check-start':
        setRows((rs) => rs.map((r) => (r.id === e.id ? { ...r, state: 'running' } : r)));
        break;
      case 'progress':
        setRows((rs) => rs.map((r) => (r.id === e.id ? { ...r, fraction: e.fraction, ...(e.note ? { note: e.note } : {}) } : r)));
        break;
      case 'check-done':
        runInfo.current?.done.push(e.result);
        setRows((rs) => rs.map((r) => (r.id === e.result.id ? { ...r, state: e.result.status, fraction: 1, result: e.result } : r)));
        break;
      case 'done':
        window.__rtcPreflightResult = e.result;
        setResult(e.result);
        setRunning(false);
        setRuns((n) => n + 1);
        releaseAudio();
        break;
    }
  };

  const stop = () => {
    sub.current?.unsubscribe();
    sub.current = null;
    releaseAudio();
    setRuns((n) => n + 1);
    setRunning(false);
    const info = runInfo.current;
    if (info) {
      const partial = cancelledResult(info.config, info.startedAt, info.done);
      window.__rtcPreflightResult = partial;
      setResult(partial);
    }
    setRows((rs) => rs.map((r) => (r.state === 'running' || r.state === 'waiting' ? { ...r, state: 'skip', fraction: 0, note: 'Stopped' } : r)));
  };

  useEffect(() => {
    const q = new URLSearchParams(location.search);
    if (q.get('run') === '1' || q.has('autorun')) start();
    return () => sub.current?.unsubscribe();
  }, []);

  const onDownload = async () => {
    if (!result) return;
    try {
      const name = await downloadBundle(result);
      setMessage(`Saved ${name}. Attach it to your support ticket.`);
    } catch (err) {
      setMessage(`Could not create the diagnostics file: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const onCopy = async () => {
    if (!result) return;
    if (await copySummary(result)) {
      setManualCopy(null);
      setMessage('Summary copied. Paste it into your support ticket.');
    } else {
      setManualCopy(formatPreflightSummary(result));
      setMessage('The browser did not allow copying: select the summary below and copy it by hand.');
    }
  };

  return (
    <main>
      <h1>Call readiness check</h1>
      <p class="lead">Checks your browser, camera, microphone, speakers and network for video and voice calls. It takes about 15 seconds.</p>
      <ConfigForm fields={fields} problems={problems} disabled={running} onChange={setFields} onSubmit={start} />
      <DevicePicker value={devices} disabled={running} refreshKey={runs} onChange={setDevices} />
      <div class="actions">
        {running ? (
          // Distinct keys: one <button> must not turn from the form's submit button into Stop in place.
          <button key="stop" type="button" onClick={stop}>
            Stop check
          </button>
        ) : (
          <button key="run" type="submit" form={FORM_ID} class="primary">
            {result ? 'Run the check again' : 'Run the check'}
          </button>
        )}
        <button type="button" disabled={!result} onClick={onDownload}>
          Download diagnostics file
        </button>
        <button type="button" disabled={!result} onClick={onCopy}>
          Copy summary for support
        </button>
      </div>
      <p class="status-line" role="status" aria-live="polite">
        {message}
      </p>
      {upload.current && <SendToSupport target={upload.current} result={result} disabled={running} />}
      {result && (
        <section class={`verdict ${result.verdict}`} aria-label="Result" data-verdict={result.verdict}>
          <strong>{result.cancelled ? 'Check stopped' : HEADLINE[result.verdict]}</strong>
          <span>{result.verdictText}</span>
          <p class="note">Took {(result.durationMs / 1000).toFixed(1)} s.</p>
        </section>
      )}
      {manualCopy !== null && (
        <label class="block">
          Summary for support
          <textarea readOnly value={manualCopy} onFocus={(e) => (e.currentTarget as HTMLTextAreaElement).select()} />
        </label>
      )}
      {rows.length > 0 && <CheckList rows={rows} />}
    </main>
  );
}
