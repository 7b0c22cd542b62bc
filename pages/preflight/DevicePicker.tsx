/** Which microphone, camera and speaker to test; "System default" unless the user picks one. */
import { useEffect, useState } from 'preact/hooks';
import type { DeviceSelection } from '../../core/preflight/index.js';

interface Props {
  value: DeviceSelection;
  disabled: boolean;
  /** Changes after each run: device names appear once access is allowed. */
  refreshKey: number;
  onChange(value: DeviceSelection): void;
}

const KINDS: { kind: MediaDeviceKind; key: keyof DeviceSelection; label: string; noun: string }[] = [
  { kind: 'audioinput', key: 'audioInputId', label: 'Microphone to test', noun: 'Microphone' },
  { kind: 'videoinput', key: 'videoInputId', label: 'Camera to test', noun: 'Camera' },
  { kind: 'audiooutput', key: 'audioOutputId', label: 'Speaker to test', noun: 'Speaker' },
];

/** Chromium lists aliases ("default", "communications") next to the real devices: only real ones can be picked. */
function pickable(list: MediaDeviceInfo[], kind: MediaDeviceKind): MediaDeviceInfo[] {
  return list.filter((d) => d.kind === kind && d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications');
}

export function DevicePicker({ value, disabled, refreshKey, onChange }: Props) {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    const md = navigator.mediaDevices;
    if (!md?.enumerateDevices) return;
    let live = true;
    const load = () =>
      md
        .enumerateDevices()
        .then((list) => live && setDevices(list))
        .catch(() => {});
    load();
    md.addEventListener?.('devicechange', load);
    return () => {
      live = false;
      md.removeEventListener?.('devicechange', load);
    };
  }, [refreshKey]);

  return (
    <fieldset class="devices" disabled={disabled}>
      <legend>Devices</legend>
      <div class="grid">
        {KINDS.map(({ kind, key, label, noun }) => {
          const list = pickable(devices, kind);
          const id = `device-${kind}`;
          return (
            <div class="field" key={kind}>
              <label for={id}>{label}</label>
              <select
                id={id}
                value={value[key] ?? ''}
                onChange={(e) => {
                  const v = (e.currentTarget as HTMLSelectElement).value;
                  const next = { ...value };
                  if (v) next[key] = v;
                  else delete next[key];
                  onChange(next);
                }}
              >
                <option value="">System default</option>
                {list.map((d, i) => (
                  <option key={d.deviceId} value={d.deviceId}>
                    {d.label || `${noun} ${i + 1}`}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
      {devices.length > 0 && !devices.some((d) => d.label) && (
        <p class="note">Device names appear after you allow the camera and microphone (run the check once).</p>
      )}
    </fieldset>
  );
}
