import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { CaptureStore } from './data/store.js';
import type { LiveConnection } from './data/port-source.js';
import { useStore } from './data/use-store.js';
import { PORT_PROTOCOL_VERSION } from '../../core/capture/messages.js';
import type { FindingInfo } from './data/analysis-types.js';
import { Tabs, TabPanel, type TabDef } from './components/Tabs.js';
import { Overview } from './views/Overview.js';
import { defaultExportSettings, exportDiagnostics, type ExportSettings } from './export-actions.js';

export interface AppProps {
  store: CaptureStore;
  /** Present in the extension: the port back to the service worker. Absent in the offline viewer. */
  live?: LiveConnection;
  tabId?: number;
}

const TABS: TabDef[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'signaling', label: 'Signaling' },
  { id: 'calls', label: 'Calls' },
  { id: 'media', label: 'Media' },
  { id: 'devices', label: 'Devices' },
  { id: 'preflight', label: 'Preflight' },
  { id: 'export', label: 'Export / Import' },
];

export function App(props: AppProps) {
  const { store, live, tabId } = props;
  useStore(store);
  const [tab, setTab] = useState('overview');
  const [settings, setSettings] = useState<ExportSettings>(defaultExportSettings);
  const [status, setStatus] = useState('');

  const onExport = useCallback(async () => {
    try {
      const name = await exportDiagnostics(store, settings);
      setStatus(`Saved ${name}`);
    } catch (err) {
      setStatus(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, [store, settings]);

  const nav = useMemo(
    () => ({
      toEvidence(f: FindingInfo) {
        const ev = f.evidence[0];
        if (!ev) return;
        setTab(ev.kind === 'frame' ? 'signaling' : ev.kind === 'stats' ? 'media' : 'calls');
      },
    }),
    [],
  );

  // Time-based findings (unanswered RPCs) need a clock while live.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => store.tick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [store, live]);

  const liveLabel = tabId !== undefined ? `Tab ${tabId}` : '';
  return (
    <div class="app">
      <header class="toolbar" role="toolbar" aria-label="Capture">
        <span class="source">{store.source.kind === 'live' ? liveLabel : store.source.label || 'No capture loaded'}</span>
        {live && tabId !== undefined && (
          <>
            <label class="check">
              <input
                type="checkbox"
                checked={store.preserveLog}
                onChange={(e) => {
                  store.preserveLog = (e.currentTarget as HTMLInputElement).checked;
                  live.send({ type: 'preserve-log', v: PORT_PROTOCOL_VERSION, tabId, preserve: store.preserveLog });
                  store.bump();
                }}
              />
              Preserve log
            </label>
            <button
              type="button"
              onClick={() => {
                live.send({ type: 'clear', v: PORT_PROTOCOL_VERSION, tabId });
                store.reset();
              }}
            >
              Clear
            </button>
          </>
        )}
        <button type="button" class="primary" onClick={onExport}>
          Export diagnostics
        </button>
        <span class="status" role="status">
          {status}
        </span>
        <span class="counts">{`${store.model.eventCount} events`}</span>
      </header>
      <Tabs tabs={TABS} current={tab} onSelect={setTab} label="Views" />
      <main class="content">
        {tab === 'overview' && (
          <TabPanel id="overview" label="Overview">
            <Overview store={store} nav={nav} />
          </TabPanel>
        )}
        {tab !== 'overview' && (
          <TabPanel id={tab} label={TABS.find((t) => t.id === tab)?.label ?? tab}>
            <p class="empty">Coming soon.</p>
          </TabPanel>
        )}
      </main>
    </div>
  );
}
