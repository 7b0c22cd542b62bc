/** The settings form; the same names work as URL query parameters so support can send a ready link. */
import type { ConfigFields, ConfigProblem } from '../../core/preflight/index.js';

interface Props {
  fields: ConfigFields;
  problems: ConfigProblem[];
  disabled: boolean;
  onChange(fields: ConfigFields): void;
  onSubmit(): void;
}

const FIELDS: { key: keyof ConfigFields; label: string; hint: string; type?: string; placeholder?: string }[] = [
  { key: 'turn', label: 'TURN server', hint: 'One or more, comma separated', placeholder: 'turn:turn.example.com:3478' },
  { key: 'user', label: 'TURN username', hint: 'From your provider', placeholder: '' },
  { key: 'pass', label: 'TURN password', hint: 'Never leaves this page unredacted', type: 'password' },
  { key: 'stun', label: 'STUN server', hint: 'Optional', placeholder: 'stun:stun.example.com:3478' },
  { key: 'ws', label: 'Signaling WebSocket', hint: 'Optional: ws:// or wss:// address to probe', placeholder: 'wss://relay.example.com' },
  { key: 'duration', label: 'Test call length (seconds)', hint: 'Default 6', type: 'number' },
];

/** The Run button sits outside the form and submits it through this id, so Enter in a field runs too. */
export const FORM_ID = 'preflight-settings';

export function ConfigForm({ fields, problems, disabled, onChange, onSubmit }: Props) {
  return (
    <form
      id={FORM_ID}
      class="card"
      aria-label="Check settings"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <h2>Settings</h2>
      <p class="note">Leave these empty to check your devices and browser only. Support may have filled them in for you.</p>
      <div class="grid">
        {FIELDS.map((f) => {
          const problem = problems.find((p) => p.field === f.key);
          const id = `field-${f.key}`;
          const described = [`${id}-hint`, ...(problem ? [`${id}-problem`] : [])].join(' ');
          return (
            <div class="field" key={f.key}>
              <label for={id}>{f.label}</label>
              <input
                id={id}
                name={f.key}
                type={f.type ?? 'text'}
                value={fields[f.key]}
                placeholder={f.placeholder}
                disabled={disabled}
                autoComplete="off"
                spellcheck={false}
                aria-invalid={problem ? 'true' : undefined}
                aria-describedby={described}
                {...(f.type === 'number' ? { min: 1, max: 60, step: 1 } : {})}
                onInput={(e) => onChange({ ...fields, [f.key]: (e.currentTarget as HTMLInputElement).value })}
              />
              <span class="hint" id={`${id}-hint`}>
                {f.hint}
              </span>
              {problem && (
                <span class="problem" id={`${id}-problem`} role="alert">
                  {problem.message}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </form>
  );
}
