import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { PanelStore } from './data/store.js';
import type { FaultOrders, InPagePreflight, LiveConnection, SdkDiagnosticsAsker } from './host.js';
import { useStore } from './data/use-store.js';
import { PORT_PROTOCOL_VERSION } from '../core/messages/versions.js';
import type { Finding } from '../core/protocol/types.js';
import { importCaptureFile } from './data/import.js';
import { interopExport, type InteropKind } from './data/interop.js';
import { downloadBlob } from '../core/bundle/download.js';
import { bundleFileName } from '../core/bundle/filename.js';
import type { PreflightConfig } from '../core/preflight/types.js';
import { Tabs, TabPanel, type TabDef } from './components/Tabs.js';
import { Overview } from './views/Overview.js';
import { Signaling } from './views/Signaling.js';
import { Calls } from './views/Calls.js';
import { Media } from './views/Media.js';
import { Devices } from './views/Devices.js';
import { Preflight, type SdkCommandRunner } from './views/Preflight.js';
import { ExportImport } from './views/ExportImport.js';
import { Simulate } from './views/Simulate.js';
import { bannerText } from './views/simulate-model.js';
import { CaptureHeader } from './views/CaptureHeader.js';
import { hostOf } from './views/capture-info.js';
import { notesFromOutcome, setImportNotes } from './views/import-notes.js';
import { stamp } from './time-stamp.js';
import { captureHost, defaultExportSettings, exportDiagnostics, prepareBundle, type ExportSettings } from './export-actions.js';

export interface AppProps {
  store: PanelStore;
  /** Present in the extension: the port back to the service worker. Absent in the offline viewer. */
  live?: LiveConnection;
  tabId?: number;
  initialTab?: string;
  runSdkCommand?: SdkCommandRunner;
  /** Present in the extension: every export first asks the page's SDK clients for their own diagnostics. */
  askSdkDiagnostics?: SdkDiagnosticsAsker;
  /** Present in the extension: runs checks in the inspected page (the Preflight and Devices views). */
  runPreflightInPage?: InPagePreflight;
  /** A load that failed before the app started (the viewer's ?src=). */
  initialImportError?: string;
  /** Present in the extension: arms and stops Simulate's faults on the inspected tab. */
  faults?: FaultOrders;
}

export const TABS: TabDef[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'signaling', label: 'Signaling' },
  { id: 'calls', label: 'Calls' },
  { id: 'media', label: 'Media' },
  { id: 'devices', label: 'Devices' },
  { id: 'preflight', label: 'Preflight' },
  { id: 'simulate', label: 'Simulate' },
  { id: 'export', label: 'Export / Import' },
];

/** Reads a dropped or picked file into a store of its own, leaving the live capture untouched. */
export async function storeFromFile(file: { name: string; arrayBuffer(): Promise<ArrayBuffer> }): Promise<{ store: PanelStore } | { error: string }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { error: `${file.name} could not be read.` };
  }
  const outcome = await importCaptureFile(bytes, file.name);
  if (!outcome.ok) return { error: outcome.error };
  const store = new PanelStore();
  setImportNotes(store, notesFromOutcome(outcome));
  store.importBundle(outcome, file.name);
  return { store };
}

export function App(props: AppProps) {
  const { live, tabId } = props;
  const [imported, setImported] = useState<PanelStore | undefined>(undefined);
  const store = imported ?? props.store;
  useStore(store);
  const [tab, setTab] = useState(props.initialTab ?? 'overview');
  const [settings, setSettings] = useState<ExportSettings>(defaultExportSettings);
  const [status, setStatus] = useState('');
  const [importError, setImportError] = useState(props.initialImportError ?? '');
  const [importInfo, setImportInfo] = useState('');
  const [focusFrame, setFocusFrame] = useState<number | undefined>(undefined);
  const [focusPc, setFocusPc] = useState<string | undefined>(undefined);
  const [focusTime, setFocusTime] = useState<number | undefined>(undefined);
  const [focusCall, setFocusCall] = useState<string | undefined>(undefined);
  const [statusTitle, setStatusTitle] = useState('');

  const onExport = useCallback(async () => {
    try {
      // A live capture's export asks the SDKs first (an imported bundle keeps the diagnostics it holds).
      if (props.askSdkDiagnostics && store === props.store && store.source.kind === 'live' && store.model.sdks.size > 0) {
        setStatus('Asking the SDK for its own diagnostics…');
        const entries = await props.askSdkDiagnostics();
        if (entries.length) store.setSdkDiagnostics(entries);
      }
      const name = await exportDiagnostics(store, settings);
      setStatus(`Saved ${name}`);
      setStatusTitle(`Saved ${name} at ${stamp(Date.now())}`);
    } catch (err) {
      setStatus(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, [store, settings, props.askSdkDiagnostics, props.store]);

  const onExportInterop = useCallback(
    (kind: InteropKind) => {
      try {
        const { bundle } = prepareBundle(store, settings);
        const file = interopExport(kind, bundle, bundleFileName(captureHost(store), new Date(), false));
        if (!file) {
          setStatus(`${kind === 'har' ? 'HAR' : 'webrtc-internals'} export is not available in this build.`);
          return;
        }
        downloadBlob(file.text, file.name, file.mime);
        setStatus(`Saved ${file.name}`);
        setStatusTitle(`Saved ${file.name} at ${stamp(Date.now())}`);
      } catch (err) {
        setStatus(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    [store, settings],
  );

  const openFile = useCallback(async (file: File) => {
    setImportError('');
    setImportInfo(`Reading ${file.name}…`);
    const r = await storeFromFile(file);
    if ('error' in r) {
      setImportInfo('');
      setImportError(r.error);
      return;
    }
    setImportInfo(`Opened ${file.name}: ${r.store.model.eventCount} events.`);
    setFocusFrame(undefined);
    setImported(r.store);
    setTab('overview');
  }, []);

  const nav = useMemo(
    () => ({
      toEvidence(f: Finding) {
        const ev = f.evidence[0];
        if (!ev) return;
        if (ev.kind === 'frame') {
          setFocusFrame(ev.index);
          setTab('signaling');
        } else if (ev.kind === 'stats') {
          setFocusPc(ev.pcId);
          setFocusTime(ev.t);
          setTab('media');
        } else setTab('calls');
      },
      toFrame(index: number) {
        setFocusFrame(index);
        setTab('signaling');
      },
      toMedia(pcId: string, t?: number) {
        setFocusPc(pcId);
        setFocusTime(t);
        setTab('media');
      },
      toCall(callId: string) {
        setFocusCall(callId);
        setTab('calls');
      },
    }),
    [],
  );

  // Time-based findings (unanswered RPCs) need a clock while live.
  useEffect(() => {
    if (!live || imported) return;
    const timer = setInterval(() => store.tick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [store, live, imported]);

  const isLive = live && tabId !== undefined && !imported;
  // Bound to the inspected tab here so the views need not know how the extension reaches the page.
  const inPagePreflight = props.runPreflightInPage;
  const runInPage = isLive && inPagePreflight ? (c: PreflightConfig) => inPagePreflight(tabId, c) : undefined;
  // Several viewer tabs open at once (one bundle each) are told apart by their tab titles.
  useEffect(() => {
    if (!live && store.source.kind !== 'empty' && store.source.label) document.title = `${store.source.label} · RTC DevTools bundle viewer`;
  }, [live, store]);
  const label = TABS.find((t) => t.id === tab)?.label ?? tab;
  // While a fault is armed on the live tab, every view says so, with the way out.
  const banner = isLive ? bannerText(store.model.faultLog) : undefined;
  // The page people know, not the browser's tab number: its title, else its host.
  const page = store.loads().at(-1);
  const pageName = page?.title?.trim() || hostOf(page?.url);
  const sourceText = isLive ? (pageName ? `${pageName}` : `Tab ${tabId}`) : store.source.label || 'No capture loaded';
  const sourceTitle = isLive ? `${page?.url ?? ''}${page?.url ? ' · ' : ''}tab ${tabId}` : store.source.label;
  return (
    <div
      class="app"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        // Dropping a file anywhere opens it, like the Network panel's HAR import.
        const f = e.dataTransfer?.files[0];
        if (!f) return;
        e.preventDefault();
        void openFile(f);
      }}
    >
      <header class="toolbar" role="toolbar" aria-label="Capture">
        <span class="source" title={sourceTitle}>
          {sourceText}
        </span>
        {isLive && (
          <>
            <label class="check">
              <input
                type="checkbox"
                checked={store.preserveLog}
                onChange={(e) => {
                  store.setPreserveLog((e.currentTarget as HTMLInputElement).checked);
                  live.send({ type: 'preserve-log', v: PORT_PROTOCOL_VERSION, tabId, preserve: store.preserveLog });
                }}
              />
              Preserve log
            </label>
            <button
              type="button"
              onClick={() => {
                live.send({ type: 'clear', v: PORT_PROTOCOL_VERSION, tabId });
                store.clear();
              }}
            >
              Clear
            </button>
          </>
        )}
        {imported && live && (
          <button type="button" onClick={() => setImported(undefined)}>
            Back to live capture
          </button>
        )}
        <button type="button" class="primary" onClick={onExport}>
          Export diagnostics
        </button>
        <span class="status" role="status" title={statusTitle || status}>
          {status}
        </span>
        <span class="counts">{isLive && !store.ready ? 'Loading capture…' : `${store.model.eventCount} events`}</span>
      </header>
      <CaptureHeader store={store} />
      {banner && (
        <div class="sim-banner" role="alert">
          <span>{banner}</span>
          {isLive && props.faults && (
            <button type="button" onClick={() => void props.faults!.stop()}>
              Stop simulating
            </button>
          )}
        </div>
      )}
      <Tabs tabs={TABS} current={tab} onSelect={setTab} label="Views" />
      <main class="content">
        <TabPanel id={tab} label={label}>
          {tab === 'overview' && <Overview store={store} nav={nav} />}
          {tab === 'signaling' && <Signaling store={store} focusFrame={focusFrame} />}
          {tab === 'calls' && <Calls store={store} focusCall={focusCall} nav={nav} />}
          {tab === 'media' && <Media store={store} focusPc={focusPc} focusT={focusTime} />}
          {tab === 'devices' && <Devices store={store} probe={runInPage} />}
          {tab === 'preflight' && <Preflight store={store} runSdkCommand={isLive ? props.runSdkCommand : undefined} startRun={runInPage} />}
          {tab === 'simulate' && <Simulate store={store} orders={isLive ? props.faults : undefined} />}
          {tab === 'export' && (
            <ExportImport
              store={store}
              settings={settings}
              onSettings={setSettings}
              onExportInterop={onExportInterop}
              onOpenFile={(f) => void openFile(f)}
              importError={importError}
              importInfo={importInfo}
              onOpenFrame={(i) => {
                setFocusFrame(i);
                setTab('signaling');
              }}
            />
          )}
        </TabPanel>
      </main>
    </div>
  );
}
