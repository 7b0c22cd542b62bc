/**
 * Per device: what it can do (MediaTrackCapabilities, what SignalWire's getDeviceCapabilities()
 * reports) and the camera resolutions and frame rates that really open — probed inside the
 * inspected page, with its origin's permissions and devices, through the same path as the
 * panel's preflight (core/preflight's camera + capabilities checks).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Observable, Subscription } from 'rxjs';
import { EMPTY_FIELDS, configFromFields, type CheckResult, type PreflightConfig, type PreflightEvent } from '../../core/preflight/index.js';
import { JsonTree } from '../components/JsonTree.js';

interface ProbedDevice {
  kind: string;
  label: string;
  deviceId: string;
  capabilities: unknown;
  probedResolutions?: { width: number; height: number; fps: number | null }[];
  error?: string;
}

export type CapabilityProbe = (config: PreflightConfig) => Observable<PreflightEvent>;

/** The devices of a finished capabilities check, as the check put them in its metrics. */
export function probedDevices(result: CheckResult | undefined): ProbedDevice[] {
  const list = (result?.metrics as { devices?: unknown } | undefined)?.devices;
  return Array.isArray(list) ? (list as ProbedDevice[]) : [];
}

export function resolutionText(r: { width: number; height: number; fps: number | null }): string {
  return `${r.width}×${r.height}${r.fps ? ` @ ${Math.round(r.fps)} fps` : ''}`;
}

export function DeviceCapabilities(props: { probe?: CapabilityProbe }) {
  const { probe } = props;
  const [state, setState] = useState<{ running: boolean; note?: string; result?: CheckResult; error?: string }>({ running: false });
  const sub = useRef<Subscription | null>(null);
  useEffect(() => () => sub.current?.unsubscribe(), []);
  if (!probe) {
    return <p class="empty">Device capabilities are probed in a live inspected page: open this panel for a tab.</p>;
  }
  const start = () => {
    const config: PreflightConfig = { ...configFromFields(EMPTY_FIELDS).config, only: ['camera', 'capabilities'] };
    sub.current?.unsubscribe();
    setState({ running: true, note: 'Opening the devices in the page…' });
    sub.current = probe(config).subscribe({
      next(ev) {
        if (ev.type === 'progress' && ev.note) setState((s) => ({ ...s, note: ev.note }));
        else if (ev.type === 'check-done' && ev.result.id === 'capabilities') setState({ running: false, result: ev.result });
      },
      error(err) {
        setState({ running: false, error: `The probe stopped: ${err instanceof Error ? err.message : String(err)}` });
      },
      complete() {
        setState((s) => (s.running ? { running: false, error: 'The probe ended without a capabilities result.' } : s));
      },
    });
  };
  const devices = probedDevices(state.result);
  return (
    <div>
      <p>
        <button type="button" disabled={state.running} onClick={start}>
          Probe device capabilities
        </button>{' '}
        <span role="status">{state.running ? state.note ?? 'Probing…' : state.result ? `${state.result.status}: ${state.result.summary}` : ''}</span>
      </p>
      {state.error && (
        <p role="alert" class="error-msg">
          {state.error}
        </p>
      )}
      {devices.length > 0 && (
        <table class="grid" aria-label="Device capabilities">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Label</th>
              <th scope="col">Resolutions that opened</th>
              <th scope="col">Capabilities</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d, i) => (
              <tr key={`${d.deviceId}-${i}`}>
                <td>{d.kind}</td>
                <td>{d.label}</td>
                <td>{d.error ? `could not open: ${d.error}` : (d.probedResolutions ?? []).map(resolutionText).join(', ') || '—'}</td>
                <td>{d.capabilities ? <JsonTree value={d.capabilities} label={`Capabilities of ${d.label || d.kind}`} /> : 'not reported'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
