/**
 * The panel's copy of one tab's capture. It changes only through its own entry points (a snapshot
 * chunk, a batch of events, a document, a clear, an import, the panel's own settings), each of which
 * bumps `version` exactly once; everything else reads. Views re-render at most once per animation
 * frame (see ./schedule.ts), never once per event. Keeping every write here means one place decides
 * what a worker message does to the view, and a view cannot change the capture behind the others' back.
 */
import { BehaviorSubject } from 'rxjs';
import type { CaptureEvent, WsFrame } from '../../core/capture/events.js';
import { applyEvent, createCaptureModel, setDocs, type CaptureModel } from '../../core/capture/model.js';
import type { DocInfo, DropCounts, StoredEvent } from '../../core/capture/events.js';
import type { WorkerSnapshot } from '../../core/messages/panel-worker.js';
import { LoadIndex, type PageLoad } from '../../core/capture/loads.js';
import { createPanelAnalyzer, type PanelAnalyzer } from './analysis.js';
import { movesWithClock } from './clock.js';

export interface StoreState {
  /** Bumps on every change; views compare it to decide whether to re-render. */
  version: number;
  /** Bumps when the capture is replaced (clear, reload without preserve log, import): views drop derived state. */
  generation: number;
}

export interface SourceInfo {
  kind: 'live' | 'bundle' | 'webrtc-internals' | 'empty';
  /** Shown in the header: tab id, file name. */
  label: string;
  /** The imported bundle as read, kept so exports of an imported capture can reuse its extras. */
  bundle?: unknown;
}

/** One snapshot chunk as the worker sends it (core/messages/panel-worker.ts WorkerSnapshot fits). */
export interface SnapshotChunk extends Pick<WorkerSnapshot, 'dropped' | 'preserveLog' | 'done'> {
  docs: readonly DocInfo[];
  events: readonly AnyEvent[];
}

/** What an import read (./import.ts ImportOutcome when ok): the parts the store keeps. */
export interface ImportedCapture {
  kind: 'bundle' | 'webrtc-internals';
  events: readonly CaptureEvent[];
  bundle: { documents?: unknown; preflight?: unknown; dropped?: DropCounts };
}

type AnyEvent = CaptureEvent | StoredEvent;

const noDrops = (): DropCounts => ({ events: 0, bytes: 0, byKind: {} });

/** The view store of the panel, the viewer and the preflight page; the worker's store of every tab is core/capture/store.ts TabCaptureStore. */
export class PanelStore {
  private eventList: AnyEvent[] = [];
  private captureModel: CaptureModel = createCaptureModel();
  private panelAnalyzer: PanelAnalyzer = createPanelAnalyzer();
  private frameList: WsFrame[] = [];
  private docList: readonly DocInfo[] = [];
  private loadIndex: LoadIndex | undefined;
  private dropCounts: DropCounts = noDrops();
  private preserve = false;
  private isReady = false;
  private sourceInfo: SourceInfo;
  private preflightResult: unknown = undefined;
  private sdkDiag: unknown = undefined;
  /** True between a snapshot's first chunk and its `done` one: later chunks add to it. */
  private snapshotOpen = false;
  readonly state$ = new BehaviorSubject<StoreState>({ version: 0, generation: 0 });

  /** The live panel names its tab here; the viewer starts empty; an import sets its own. */
  constructor(source: SourceInfo = { kind: 'empty', label: '' }) {
    this.sourceInfo = source;
  }

  get events(): readonly AnyEvent[] {
    return this.eventList;
  }
  get model(): CaptureModel {
    return this.captureModel;
  }
  get analyzer(): PanelAnalyzer {
    return this.panelAnalyzer;
  }
  /** Every ws.frame in arrival order; index i matches analysis message i. */
  get frames(): readonly WsFrame[] {
    return this.frameList;
  }
  /** Documents of the tab, in arrival order; page loads are grouped from them (see loads()). */
  get docs(): readonly DocInfo[] {
    return this.docList;
  }
  get dropped(): DropCounts {
    return this.dropCounts;
  }
  get preserveLog(): boolean {
    return this.preserve;
  }
  /** False until the first snapshot finished: the UI says "loading" rather than "nothing captured". */
  get ready(): boolean {
    return this.isReady;
  }
  get source(): SourceInfo {
    return this.sourceInfo;
  }
  /** A preflight result run from the panel, or the one an imported bundle carried. */
  get preflight(): unknown {
    return this.preflightResult;
  }
  /** The SDK's own exportDiagnostics() output, when the user ran it. */
  get sdkDiagnostics(): unknown {
    return this.sdkDiag;
  }

  /** Adds a batch of events (a test or a source that has nothing else to say). */
  append(events: readonly AnyEvent[]): void {
    if (events.length === 0) return;
    this.push(events);
    this.changed(false);
  }

  /**
   * One chunk of the worker's snapshot. The first chunk of a snapshot replaces everything (also the
   * first after a reconnect, see snapshotCutOff()); later ones add to it; the `done` one makes the
   * capture ready.
   */
  applySnapshot(chunk: SnapshotChunk): void {
    const fresh = !this.snapshotOpen;
    if (fresh) this.emptyCapture();
    this.snapshotOpen = !chunk.done;
    this.replaceDocs(chunk.docs);
    this.dropCounts = chunk.dropped;
    this.preserve = chunk.preserveLog;
    if (chunk.done) this.isReady = true;
    this.push(chunk.events);
    this.changed(fresh);
  }

  /**
   * The connection that was sending a snapshot is gone (the worker stopped): the next chunk belongs
   * to a new snapshot and must start over. Nothing on screen changes yet, so nothing bumps.
   */
  snapshotCutOff(): void {
    this.snapshotOpen = false;
  }

  /** Live events after the snapshot, with the worker's current drop counts (a batch may carry only those). */
  applyEvents(events: readonly AnyEvent[], dropped: DropCounts): void {
    this.dropCounts = dropped;
    this.push(events);
    this.changed(false);
  }

  /**
   * A document of the tab. `reset` (a reload without "Preserve log") drops the capture and the
   * documents before it; a known document sent again (its title became known) replaces its entry.
   */
  applyDoc(doc: DocInfo, reset: boolean): void {
    if (reset) this.emptyCapture();
    const i = this.docList.findIndex((d) => d.docId === doc.docId);
    this.replaceDocs(i < 0 ? [...this.docList, doc] : this.docList.map((d, j) => (j === i ? doc : d)));
    this.changed(reset);
  }

  /** The user's Clear: drops events and documents at once, before the worker confirms. */
  clear(): void {
    this.emptyCapture();
    this.changed(true);
  }

  /** The worker cleared the tab: events go, its documents stay (the worker keeps them), so labels and loads stay. */
  applyCleared(): void {
    const docs = this.docList;
    this.emptyCapture();
    this.replaceDocs(docs);
    this.changed(true);
  }

  /** Fills a new store from an imported file, named `label` in the header. */
  importBundle(outcome: ImportedCapture, label: string): void {
    this.sourceInfo = { kind: outcome.kind, label, bundle: outcome.bundle };
    // The bundle's page loads give ids their load labels and the header its page, as live.
    if (Array.isArray(outcome.bundle.documents)) this.replaceDocs(outcome.bundle.documents as DocInfo[]);
    this.preflightResult = outcome.bundle.preflight ?? undefined;
    this.dropCounts = outcome.bundle.dropped ?? this.dropCounts;
    this.push(outcome.events);
    this.isReady = true;
    this.changed(false);
  }

  setPreserveLog(preserve: boolean): void {
    this.preserve = preserve;
    this.changed(false);
  }

  setPreflight(result: unknown): void {
    this.preflightResult = result;
    this.changed(false);
  }

  setSdkDiagnostics(diagnostics: unknown): void {
    this.sdkDiag = diagnostics;
    this.changed(false);
  }

  /**
   * Lets time-based findings fire (an RPC left unanswered) while no new events come in. Bumps only
   * when the clock shows on screen or the tick added a finding: a capture where everything ended
   * does not re-render every second (./clock.ts).
   */
  tick(now: number): void {
    const shown = movesWithClock(this.captureModel, this.panelAnalyzer.snapshot());
    const findings = this.panelAnalyzer.snapshot().findings.length;
    try {
      this.panelAnalyzer.tick(now);
    } catch (err) {
      console.warn('analyzer tick failed', err);
    }
    if (shown || this.panelAnalyzer.snapshot().findings.length !== findings) this.changed(false);
  }

  /**
   * The page loads of this capture, in order (one unless "Preserve log" kept earlier ones): each
   * `{ loadId, ordinal, url, title?, startedAt, docIds }` (core/capture/loads.ts PageLoad). Views draw a
   * marker where a load starts (`startedAt`) with its `url`; with one load there is nothing to mark.
   */
  loads(): readonly PageLoad[] {
    return this.index().loads;
  }

  /**
   * What to call a captured id (`${docId}:ws-1`) on screen: `ws-1` on the first load, `ws-1 · load 2`
   * on later ones, so two loads' sockets and peer connections never read alike.
   */
  label(id: string): string {
    return this.index().label(id);
  }

  private index(): LoadIndex {
    return (this.loadIndex ??= new LoadIndex(this.docList));
  }

  private push(events: readonly AnyEvent[]): void {
    for (const ev of events) {
      this.eventList.push(ev);
      applyEvent(this.captureModel, ev);
      if (ev.kind === 'ws.frame') this.frameList.push(ev);
      try {
        this.panelAnalyzer.push(ev);
      } catch (err) {
        // A decoder bug must not stop the capture from showing.
        console.warn('analyzer failed on event', ev.kind, err);
      }
    }
  }

  /**
   * A new document list re-groups page loads and lets the model close what an earlier load left
   * open ("page unloaded"). Replaced, never mutated in place: views may hold the old list.
   */
  private replaceDocs(docs: readonly DocInfo[]): void {
    this.docList = docs;
    this.loadIndex = undefined;
    setDocs(this.captureModel, this.docList);
  }

  /** Drops the capture (events, model, analysis, documents, drop counts); the caller bumps a new generation. */
  private emptyCapture(): void {
    this.eventList = [];
    this.captureModel = createCaptureModel();
    this.panelAnalyzer = createPanelAnalyzer();
    this.frameList = [];
    this.replaceDocs([]);
    this.dropCounts = noDrops();
  }

  private changed(newGeneration: boolean): void {
    const s = this.state$.value;
    this.state$.next({ version: s.version + 1, generation: s.generation + (newGeneration ? 1 : 0) });
  }
}
