/**
 * The Simulate view: arm a fault (or run a scenario) on the inspected tab, see what is armed, and
 * read each fault's verdict: what the SDK did against what it documents. Arming needs the live
 * extension (`orders`); on a bundle the view lists the faults the capture holds and their verdicts.
 */
import { useState } from 'preact/hooks';
import type { PanelStore } from '../data/store.js';
import type { FaultOrders } from '../host.js';
import type { FaultKind } from '../../core/simulate/faults.js';
import { SCENARIOS, type Scenario } from '../../core/simulate/scenarios.js';
import { clock } from '../format.js';
import { FIELDS, KIND_OPTIONS, faultRows, formToFault, rowVerdict } from './simulate-model.js';
import { MoreLine, useCapped } from '../components/CappedList.js';
import { mediaTargets, targetChoices } from './simulate-media-targets.js';

const STATUS_TEXT = { waiting: 'waiting for the SDK', 'as-documented': 'as documented', departs: 'departs from documentation', 'nothing-to-judge': 'nothing to judge' } as const;

export function Simulate(props: { store: PanelStore; orders?: FaultOrders }) {
  const { store, orders } = props;
  const [kind, setKind] = useState<FaultKind>('drop-connection');
  const [values, setValues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const live = store.source.kind === 'live';
  const now = live ? Date.now() : (store.model.lastT ?? 0);
  const rows = faultRows(store.model.faultLog);
  const rowList = useCapped(rows);
  const analysis = store.analyzer.raw();

  const targets = mediaTargets(store.model.media);
  const choicesOf = (field: string) => targetChoices(kind, field, targets);

  const arm = async () => {
    if (!orders) return;
    // An untouched picker arms its first choice, the one it shows.
    const picked: Record<string, string> = { ...values };
    for (const f of FIELDS[kind]) {
      const first = choicesOf(f.name)?.[0];
      if (picked[f.name] === undefined && first) picked[f.name] = first.value;
    }
    const parsed = formToFault(kind, picked);
    if (!parsed.ok) {
      setMessage({ error: true, text: parsed.error });
      return;
    }
    setBusy(true);
    const r = await orders.arm(parsed.fault);
    setBusy(false);
    setMessage(r.ok ? { error: false, text: `Armed ${KIND_OPTIONS.find((k) => k.kind === kind)!.label}.` } : { error: true, text: r.error ?? 'not armed' });
  };

  const run = async (s: Scenario) => {
    if (!orders) return;
    setMessage({ error: false, text: `Running "${s.name}"…` });
    for (const step of s.steps) {
      if (step.afterMs) await new Promise((r) => setTimeout(r, step.afterMs));
      const r = await orders.arm(step.fault);
      if (!r.ok) {
        setMessage({ error: true, text: `"${s.name}" stopped: ${r.error ?? 'not armed'}` });
        return;
      }
      if (step.stopAfterMs !== undefined && r.faultId) {
        const id = r.faultId;
        setTimeout(() => void orders.stop(id), step.stopAfterMs);
      }
    }
    setMessage({ error: false, text: `"${s.name}" armed; its verdict follows below (within ${Math.round(s.judgeAfterMs / 1000)} s).` });
  };

  return (
    <div class="pad simulate">
      {orders && live ? (
        <>
          <section aria-labelledby="sim-arm">
            <h2 id="sim-arm">Arm a fault</h2>
            <p class="hint">Faults change this tab's page only while armed; a reload or navigation disarms them.</p>
            <form
              class="sim-form"
              onSubmit={(e) => {
                e.preventDefault();
                void arm();
              }}
            >
              <label>
                Fault{' '}
                <select
                  aria-label="Fault"
                  value={kind}
                  onChange={(e) => {
                    setKind((e.currentTarget as HTMLSelectElement).value as FaultKind);
                    setValues({});
                    setMessage(undefined);
                  }}
                >
                  {KIND_OPTIONS.map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {k.label}
                    </option>
                  ))}
                </select>
              </label>
              {FIELDS[kind].map((f) => (
                <label key={f.name}>
                  {f.label}{' '}
                  {f.type === 'direction' ? (
                    <select aria-label={f.label} value={values[f.name] ?? 'received'} onChange={(e) => setValues({ ...values, [f.name]: (e.currentTarget as HTMLSelectElement).value })}>
                      <option value="received">received (server to page)</option>
                      <option value="sent">sent (page to server)</option>
                    </select>
                  ) : choicesOf(f.name) ? (
                    <select aria-label={f.label} value={values[f.name] ?? choicesOf(f.name)![0]?.value ?? ''} onChange={(e) => setValues({ ...values, [f.name]: (e.currentTarget as HTMLSelectElement).value })}>
                      {choicesOf(f.name)!.length ? (
                        choicesOf(f.name)!.map((c) => (
                          <option key={c.value} value={c.value}>
                            {c.label}
                          </option>
                        ))
                      ) : (
                        <option value="">no device seen yet: the page has not listed its devices</option>
                      )}
                    </select>
                  ) : (
                    <input
                      aria-label={f.label}
                      type="text"
                      inputMode={f.type === 'number' ? 'decimal' : 'text'}
                      placeholder={f.placeholder}
                      value={values[f.name] ?? ''}
                      onInput={(e) => setValues({ ...values, [f.name]: (e.currentTarget as HTMLInputElement).value })}
                    />
                  )}
                </label>
              ))}
              <button type="submit" class="primary" disabled={busy}>
                Arm
              </button>
            </form>
            {message && (
              <p class={message.error ? 'error' : 'info'} role={message.error ? 'alert' : 'status'}>
                {message.text}
              </p>
            )}
          </section>
          <section aria-labelledby="sim-scenarios">
            <h2 id="sim-scenarios">Scenarios</h2>
            <ul class="sim-scenarios">
              {SCENARIOS.map((s) => (
                <li key={s.id}>
                  <button type="button" onClick={() => void run(s)}>
                    {s.name}
                  </button>{' '}
                  <span class="hint">{s.description}</span>
                </li>
              ))}
            </ul>
          </section>
        </>
      ) : (
        <p class="empty">{live ? 'Arming faults needs the extension panel.' : 'Faults are armed from the live panel; this capture lists the ones it holds.'}</p>
      )}
      <section aria-labelledby="sim-faults">
        <h2 id="sim-faults">Faults and verdicts</h2>
        {rows.length === 0 ? (
          <p class="empty">No fault simulated in this capture.</p>
        ) : (
          <ul class="sim-verdicts" aria-labelledby="sim-faults">
            {rowList.shown.map((row) => ({ ...row, verdict: rowVerdict(row, analysis, now) })).map((row) => (
              <li key={row.record.id} class={`verdict v-${row.verdict.status}`} aria-label={`${row.text}: ${row.verdict.headline}`}>
                <div class="verdict-head">
                  <strong>{row.text}</strong> <span class="when">{`armed ${clock(row.record.t)}${row.record.until !== undefined ? `, ended ${clock(row.record.until)} (${row.record.reason})` : ''}`}</span>{' '}
                  <span class="verdict-status">{STATUS_TEXT[row.verdict.status]}</span>
                  {row.armed && orders && live && (
                    <button type="button" onClick={() => void orders.stop(row.record.id)}>
                      Stop
                    </button>
                  )}
                </div>
                <p class="verdict-headline">{row.verdict.headline}</p>
                {row.verdict.facts.length > 0 && (
                  <ul class="verdict-facts">
                    {row.verdict.facts.map((f, i) => (
                      <li key={i}>{f}</li>
                    ))}
                  </ul>
                )}
                {row.verdict.findings.map((f, i) => (
                  <p key={i} class="finding-line" role="note">
                    {`⚠ ${f.message}. ${f.advice}`}
                  </p>
                ))}
              </li>
            ))}
            <MoreLine list={rowList} noun="faults" />
          </ul>
        )}
      </section>
    </div>
  );
}
