import type { PanelStore } from '../data/store.js';
import type { DeviceInfo } from '../../core/capture/events.js';
import { clock, ms } from '../format.js';
import { DeviceCapabilities, type CapabilityProbe } from './DeviceCapabilities.js';
import { MoreLine, useCapped } from '../components/CappedList.js';

/** Chromium lists the system default as deviceId "default"; Firefox has none. */
export function isDefaultDevice(d: DeviceInfo): boolean {
  return d.deviceId === 'default' || d.deviceId === 'communications';
}

function deviceName(d: DeviceInfo): string {
  return `${d.kind} "${d.label || '(no label: permission not granted)'}"`;
}

/** `probe` is given only while live on an inspected tab: capabilities are probed in that page. */
export function Devices(props: { store: PanelStore; probe?: CapabilityProbe }) {
  const { media } = props.store.model;
  const perms = Object.values(media.permissions);
  // The page decides how many devices, changes, calls and track events there are: each list is capped.
  const deviceList = useCapped(media.devices);
  const changeList = useCapped(media.deviceEvents);
  const gumList = useCapped(media.getUserMedia);
  const trackList = useCapped(media.trackEvents);
  return (
    <div class="pad">
      <section aria-labelledby="dev-now">
        <h2 id="dev-now">{`Devices now${media.devicesAt ? ` (as of ${clock(media.devicesAt)})` : ''}`}</h2>
        {media.devices.length === 0 ? (
          <p class="empty">The page has not listed devices (enumerateDevices) yet.</p>
        ) : (
          <table class="grid" aria-labelledby="dev-now">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Label</th>
                <th scope="col">Device id</th>
                <th scope="col">Group</th>
                <th scope="col">Default</th>
              </tr>
            </thead>
            <tbody>
              {deviceList.shown.map((d, i) => (
                <tr key={`${d.kind}-${d.deviceId}-${i}`}>
                  <td>{d.kind}</td>
                  <td>{d.label}</td>
                  <td class="wrap">{d.deviceId}</td>
                  <td class="wrap">{d.groupId}</td>
                  <td>{isDefaultDevice(d) ? 'yes' : ''}</td>
                </tr>
              ))}
              <MoreLine list={deviceList} noun="devices" as="tr" colSpan={5} />
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="dev-caps">
        <h2 id="dev-caps">Capabilities</h2>
        <DeviceCapabilities probe={props.probe} />
      </section>

      <section aria-labelledby="dev-changes">
        <h2 id="dev-changes">Device changes</h2>
        {media.deviceEvents.length === 0 ? (
          <p class="empty">No devicechange event.</p>
        ) : (
          <ol class="events">
            {changeList.shown.map((e, i) => (
              <li key={i}>
                {`${clock(e.t)} `}
                {e.added.map((d, j) => (
                  <span key={`a${j}`} class="sent">{`+ added ${deviceName(d)} `}</span>
                ))}
                {e.removed.map((d, j) => (
                  <span key={`r${j}`} class="error-msg">{`− removed ${deviceName(d)} `}</span>
                ))}
                {e.added.length === 0 && e.removed.length === 0 && <span>no visible difference</span>}
              </li>
            ))}
            <MoreLine list={changeList} noun="device changes" as="li" />
          </ol>
        )}
      </section>

      <section aria-labelledby="dev-perms">
        <h2 id="dev-perms">Permissions</h2>
        {perms.length === 0 ? (
          <p class="empty">No permission state captured.</p>
        ) : (
          <ul>
            {perms.map((p) => (
              <li key={p!.name}>{`${p!.name}: ${p!.state} (${clock(p!.t)})`}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="dev-gum">
        <h2 id="dev-gum">getUserMedia and getDisplayMedia</h2>
        {media.getUserMedia.length === 0 ? (
          <p class="empty">No call.</p>
        ) : (
          <table class="grid" aria-labelledby="dev-gum">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">API</th>
                <th scope="col">Constraints</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {gumList.shown.map((g, i) => (
                <tr key={i}>
                  <td>{clock(g.request.t)}</td>
                  <td>{g.request.api}</td>
                  <td class="wrap">{JSON.stringify(g.request.constraints)}</td>
                  <td class={g.result && !g.result.ok ? 'error-msg' : ''}>
                    {!g.result
                      ? 'pending'
                      : g.result.ok
                        ? `ok in ${ms(g.result.durationMs)}: ` + (g.result.tracks ?? []).map((t) => `${t.kind} "${t.label}"`).join(', ')
                        : `${g.result.error?.name ?? 'Error'}: ${g.result.error?.message ?? ''}`}
                  </td>
                </tr>
              ))}
              <MoreLine list={gumList} noun="calls" as="tr" colSpan={4} />
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="dev-tracks">
        <h2 id="dev-tracks">Track events</h2>
        {media.trackEvents.length === 0 ? (
          <p class="empty">No track ended, muted or unmuted.</p>
        ) : (
          <ul class="events">
            {trackList.shown.map((e, i) => (
              <li key={i}>{`${clock(e.t)} ${e.trackKind} "${e.label}" ${e.event}`}</li>
            ))}
            <MoreLine list={trackList} noun="track events" as="li" />
          </ul>
        )}
      </section>
    </div>
  );
}
