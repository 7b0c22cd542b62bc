/**
 * The panel's copy of one tab's capture. Events are appended in batches; each batch updates the
 * capture model and the analyzer incrementally and bumps `version`, and views re-render at most
 * once per animation frame (see ./schedule.ts), never once per event.
 */
import { BehaviorSubject } from 'rxjs';
import type { CaptureEvent, WsFrame } from '../../../core/capture/events.js';
import { applyEvent, createCaptureModel, setDocs, type CaptureModel } from '../../../core/capture/model.js';
import type { DocInfo, DropCounts, StoredEvent } from '../../../core/capture/messages.js';
import { LoadIndex, type PageLoad } from '../../../core/capture/loads.js';
import { createPanelAnalyzer, type PanelAnalyzer } from './analysis.js';

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

export class CaptureStore {
  events: (CaptureEvent | StoredEvent)[] = [];
  model: CaptureModel = createCaptureModel();
  analyzer: PanelAnalyzer = createPanelAnalyzer();
  /** Every ws.frame in arrival order; index i matches analysis message i. */
  frames: WsFrame[] = [];
  /**
   * Documents of the tab; assigning a new list re-groups page loads (see loads()) and lets the model
   * close what an earlier load left open ("page unloaded"). Assign, never mutate in place.
   */
  get docs(): DocInfo[] {
    return this.docList;
  }
  set docs(docs: DocInfo[]) {
    this.docList = docs;
    this.loadIndex = undefined;
    setDocs(this.model, docs);
  }
  private docList: DocInfo[] = [];
  private loadIndex: LoadIndex | undefined;
  dropped: DropCounts = { events: 0, bytes: 0, byKind: {} };
  preserveLog = false;
  /** False until the first snapshot finished: the UI says "loading" rather than "nothing captured". */
  ready = false;
  source: SourceInfo = { kind: 'empty', label: '' };
  /** A preflight result run from the panel, or the one an imported bundle carried. */
  preflight: unknown = undefined;
  /** The SDK's own exportDiagnostics() output, when the user ran it. */
  sdkDiagnostics: unknown = undefined;
  readonly state$ = new BehaviorSubject<StoreState>({ version: 0, generation: 0 });

  append(events: readonly (CaptureEvent | StoredEvent)[]): void {
    if (events.length === 0) return;
    for (const ev of events) {
      this.events.push(ev);
      applyEvent(this.model, ev);
      if (ev.kind === 'ws.frame') this.frames.push(ev);
      try {
        this.analyzer.push(ev);
      } catch (err) {
        // A decoder bug must not stop the capture from showing.
        console.warn('analyzer failed on event', ev.kind, err);
      }
    }
    this.bump();
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

  reset(): void {
    this.events = [];
    this.model = createCaptureModel();
    this.analyzer = createPanelAnalyzer();
    this.frames = [];
    this.docs = [];
    this.dropped = { events: 0, bytes: 0, byKind: {} };
    const s = this.state$.value;
    this.state$.next({ version: s.version + 1, generation: s.generation + 1 });
  }

  /** Lets time-based findings fire (an RPC left unanswered) while no new events come in. */
  tick(now: number): void {
    try {
      this.analyzer.tick(now);
    } catch (err) {
      console.warn('analyzer tick failed', err);
    }
    this.bump();
  }

  bump(): void {
    const s = this.state$.value;
    this.state$.next({ version: s.version + 1, generation: s.generation });
  }
}
