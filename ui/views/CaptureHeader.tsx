import type { PanelStore } from '../data/store.js';
import { clock } from '../format.js';
import { day, duration, stamp } from '../time-stamp.js';
import { captureInfo } from './capture-info.js';
import './overview.css';

/**
 * The capture's identity under the toolbar: page, browser, time zone and time window. It is what a
 * screenshot of any view needs to be read by someone else, so it shows in the panel and the viewer.
 */
export function CaptureHeader(props: { store: PanelStore }) {
  const info = captureInfo(props.store);
  if (!info.url && !info.title && info.from === undefined && !info.browser) return null;
  const zone = info.timeZone;
  const windowText =
    info.from !== undefined && info.to !== undefined
      ? `${day(info.from, zone)} ${clock(info.from)} → ${clock(info.to)} (${duration(info.to - info.from)})`
      : undefined;
  const windowFull = info.from !== undefined && info.to !== undefined ? `${stamp(info.from, zone)} → ${stamp(info.to, zone)}` : undefined;
  const browser = [info.browser, info.os].filter(Boolean).join(' on ');
  return (
    <dl class="capture-meta" aria-label="Capture details">
      {(info.title || info.url) && (
        <div class="meta-page">
          <dt>Page</dt>
          <dd title={[info.title, info.url].filter(Boolean).join('\n')}>
            {info.title && <span class="meta-title">{info.title}</span>}
            {info.url && <span class="meta-url">{info.url}</span>}
          </dd>
        </div>
      )}
      {browser && (
        <div>
          <dt>Browser</dt>
          <dd>{browser}</dd>
        </div>
      )}
      {zone && (
        <div>
          <dt>Time zone</dt>
          <dd>{zone}</dd>
        </div>
      )}
      {windowText && (
        <div>
          <dt>Captured</dt>
          <dd title={windowFull}>
            {windowText}
          </dd>
        </div>
      )}
      {info.loads > 1 && (
        <div>
          <dt>Page loads</dt>
          <dd>{String(info.loads)}</dd>
        </div>
      )}
    </dl>
  );
}
