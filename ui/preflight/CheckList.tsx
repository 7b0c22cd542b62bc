/** One row per check: progress while it runs, then status, what was found, advice and the raw figures. */
import type { CheckId, CheckResult, CheckStatus } from '../../core/preflight/index.js';

export interface CheckRow {
  id: CheckId;
  title: string;
  state: 'waiting' | 'running' | CheckStatus;
  fraction: number;
  note?: string;
  result?: CheckResult;
}

const STATE_TEXT: Record<CheckRow['state'], string> = {
  waiting: 'Waiting',
  running: 'Running',
  pass: 'Passed',
  warn: 'Warning',
  fail: 'Failed',
  skip: 'Skipped',
};

export function CheckList({ rows }: { rows: CheckRow[] }) {
  return (
    <section class="card" aria-label="Checks">
      <h2>Checks</h2>
      <ol class="checks">
        {rows.map((r) => (
          <li key={r.id} data-check={r.id} data-state={r.state}>
            <div class="row">
              <h3>{r.title}</h3>
              {(r.state === 'running' || r.state === 'waiting') && (
                <progress aria-label={`${r.title} progress`} max={1} value={r.state === 'waiting' ? 0 : r.fraction} />
              )}
              <span class={`badge ${r.state}`} aria-label={`${r.title}: ${STATE_TEXT[r.state]}`}>
                {STATE_TEXT[r.state]}
              </span>
            </div>
            {r.state === 'running' && r.note && <p class="note">{r.note}</p>}
            {r.result && (
              <>
                <p class="summary">{r.result.summary}</p>
                {r.result.advice.length > 0 && (
                  <ul class="advice" aria-label={`Advice for ${r.title}`}>
                    {r.result.advice.map((a, i) => (
                      <li key={i}>{a}</li>
                    ))}
                  </ul>
                )}
                <details>
                  <summary>Details ({r.result.durationMs} ms)</summary>
                  <pre>{JSON.stringify(r.result.metrics, null, 2)}</pre>
                </details>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
