import { useState } from 'preact/hooks';

/**
 * A collapsible JSON tree. Everything renders as text nodes, so page-controlled keys and strings
 * can never become markup.
 */
const MAX_CHILDREN = 300;

function Leaf(props: { value: unknown }) {
  const v = props.value;
  if (typeof v === 'string') return <span class="str">{JSON.stringify(v)}</span>;
  if (typeof v === 'number') return <span class="num">{String(v)}</span>;
  if (typeof v === 'boolean' || v === null) return <span class="bool">{String(v)}</span>;
  return <span>{String(v)}</span>;
}

function Node(props: { name?: string; value: unknown; depth: number }) {
  const { name, value, depth } = props;
  const isObj = typeof value === 'object' && value !== null;
  const [open, setOpen] = useState(depth < 2);
  const label = name !== undefined ? <span class="key">{name}: </span> : null;
  if (!isObj) {
    return (
      <li>
        {label}
        <Leaf value={value} />
      </li>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as object);
  const summary = Array.isArray(value) ? `Array(${entries.length})` : `{${entries.length === 0 ? '' : '…'}}`;
  return (
    <li>
      <button
        type="button"
        class="toggle"
        aria-expanded={open}
        aria-label={`${open ? 'Collapse' : 'Expand'} ${name ?? 'root'}`}
        onClick={() => setOpen(!open)}
      >
        {open ? '▾' : '▸'}
      </button>
      {label}
      <span class="dim">{summary}</span>
      {open && (
        <ul>
          {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
            <Node key={k} name={k} value={v} depth={depth + 1} />
          ))}
          {entries.length > MAX_CHILDREN && <li class="dim">{`… ${entries.length - MAX_CHILDREN} more`}</li>}
        </ul>
      )}
    </li>
  );
}

export function JsonTree(props: { value: unknown; label: string }) {
  return (
    <div class="json" role="group" aria-label={props.label}>
      <ul>
        <Node value={props.value} depth={0} />
      </ul>
    </div>
  );
}
