/**
 * Shapes shared by the preflight runner, its checks, the standalone page, the panel and the
 * diagnostics bundle. `PreflightResult.checks[] {id, status, metrics}` is a stable bundle field:
 * add fields, never rename them.
 */

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

export type CheckId =
  | 'browser'
  | 'permissions'
  | 'microphone'
  | 'camera'
  | 'speakers'
  | 'capabilities'
  | 'signaling'
  | 'ice'
  | 'connectivity'
  | 'quality';

/** JSON-safe metric values, so a result can go into a bundle as it is. */
export type MetricValue = null | boolean | number | string | MetricValue[] | { [key: string]: MetricValue };
export type Metrics = Record<string, MetricValue>;

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** One plain sentence saying what was found. */
  summary: string;
  metrics: Metrics;
  /** What the user can do about it, in plain words; empty when there is nothing to do. */
  advice: string[];
  durationMs: number;
}

export type Verdict = 'pass' | 'warn' | 'fail';

export interface PreflightResult {
  /** Format version of this object inside bundles. */
  version: 1;
  startedAt: number;
  durationMs: number;
  verdict: Verdict;
  /** A sentence a non-expert understands. */
  verdictText: string;
  cancelled: boolean;
  /** The configuration used, with TURN usernames and credentials removed. */
  config: RedactedConfig;
  checks: CheckResult[];
}

export interface DeviceSelection {
  audioInputId?: string;
  videoInputId?: string;
  audioOutputId?: string;
}

export interface Resolution {
  width: number;
  height: number;
}

export interface Durations {
  /** Microphone level sampling. */
  micMs: number;
  /** Frame sampling per camera resolution. */
  cameraMs: number;
  /** Loopback audio+video call. */
  qualityMs: number;
  /** Longest wait for ICE gathering to complete. */
  iceTimeoutMs: number;
  /** Longest wait for a loopback connection (and its data channel) to open. */
  connectTimeoutMs: number;
  /** Longest wait for the signaling WebSocket to open, and for each ping answer. */
  signalingTimeoutMs: number;
}

export interface PreflightConfig {
  /** STUN and TURN servers, exactly as an RTCConfiguration takes them. */
  iceServers: RTCIceServer[];
  /** ws:// or wss:// URL to probe; absent means the signaling check is skipped. */
  signalingUrl?: string;
  /** Text sent to measure round trips; the default is {"type":"ping","id":N}. */
  signalingPing?: (id: number) => string;
  devices: DeviceSelection;
  durations: Durations;
  /** Camera ladder, tried with exact constraints. */
  resolutions: Resolution[];
  /** Run only these checks (default: all). */
  only?: CheckId[];
  /**
   * An AudioContext the page created (or resumed) inside the click that started the run: some
   * browsers (Firefox) let a page analyse sound only from a user gesture. Checks never close it.
   */
  audioContext?: AudioContext;
}

export interface RedactedConfig {
  iceServers: { urls: string[]; hasUsername: boolean; hasCredential: boolean }[];
  signalingUrl: string | null;
  devices: DeviceSelection;
  durations: Durations;
  resolutions: Resolution[];
  only: CheckId[] | null;
}

/** What a check gives back; the runner adds id, title and duration. */
export interface CheckOutcome {
  status: CheckStatus;
  summary: string;
  metrics?: Metrics;
  advice?: string[];
}

export interface CheckContext {
  config: PreflightConfig;
  /** Aborted when the run is cancelled: checks stop tracks, close connections and reject. */
  signal: AbortSignal;
  /** Fraction 0..1 of this check's own work, with an optional short note. */
  progress(fraction: number, note?: string): void;
  /** Results of checks that already finished, for checks that build on others. */
  results: ReadonlyMap<CheckId, CheckResult>;
  /** Things checks hand to later checks (e.g. the camera ladder for capabilities). */
  shared: Map<string, unknown>;
}

export interface CheckDefinition {
  id: CheckId;
  title: string;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

export type PreflightEvent =
  | { type: 'start'; startedAt: number; checks: { id: CheckId; title: string }[] }
  | { type: 'progress'; id: CheckId; fraction: number; note?: string }
  | { type: 'check-start'; id: CheckId }
  | { type: 'check-done'; result: CheckResult }
  | { type: 'done'; result: PreflightResult };
