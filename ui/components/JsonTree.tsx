import { useState } from 'preact/hooks';
import { looksLikeSdp, sdpLines } from '../../core/protocol/sdp-text.js';

/**
 * A collapsible JSON tree. Everything renders as text nodes, so page-controlled keys and strings
 * can never become markup. With `onCopy`, each node has a "copy value" button (shown on hover or
 * focus, like DevTools' "Copy value"): strings copy as their text, the rest as pretty JSON.
 */
const MAX_CHILDREN = 300;

function Leaf(props: { value: unknown; sdpNote?: boolean }) {
  const v = props.value;
  if (typeof v === 'string' && props.sdpNote && v.length > 120 && looksLikeSdp(v)) {
    // An SDP as one escaped string is unreadable; the detail shows it line by line below the tree.
    return (
      <>
        <span class="str">{`${JSON.stringify(v.slice(0, 60)).slice(0, -1)}…"`}</span>
        <span class="dim">{` SDP, ${sdpLines(v).length} lines, shown line by line below`}</span>
      </>
    );
  }
  if (typeof v === 'string') return <span class="str">{JSON.stringify(v)}</span>;
  if (typeof v === 'number') return <span class="num">{String(v)}</span>;
  if (typeof v === 'boolean' || v === null) return <span class="bool">{String(v)}</span>;
  return <span>{String(v)}</span>;
}

/** The text "copy value" puts on the clipboard: a string as itself, anything else as indented JSON. */
export function copyableValue(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
}

/** `params.sdp`, `params.candidates[0]`: where a node is, for the copy button's name. */
function childPath(parent: string, key: string, inArray: boolean): string {
  if (inArray) return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

type CopyFn = (path: string, value: unknown) => void;

function CopyButton(props: { path: string; value: unknown; onCopy?: CopyFn }) {
  if (!props.onCopy) return null;
  const name = props.path || 'whole value';
  return (
    <button type="button" class="copy-value" title={`Copy value of ${name}`} aria-label={`Copy value of ${name}`} onClick={() => props.onCopy!(name, props.value)}>
      ⧉
    </button>
  );
}

function Node(props: { name?: string; path: string; value: unknown; depth: number; onCopy?: CopyFn; sdpNote?: boolean }) {
  const { name, value, depth, path } = props;
  const isObj = typeof value === 'object' && value !== null;
  const [open, setOpen] = useState(depth < 2);
  const label = name !== undefined ? <span class="key">{name}: </span> : null;
  if (!isObj) {
    return (
      <li>
        {label}
        <Leaf value={value} sdpNote={props.sdpNote} />
        <CopyButton path={path} value={value} onCopy={props.onCopy} />
      </li>
    );
  }
  const isArray = Array.isArray(value);
  const entries = isArray ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as object);
  const summary = isArray ? `Array(${entries.length})` : `{${entries.length === 0 ? '' : '…'}}`;
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
      <CopyButton path={path} value={value} onCopy={props.onCopy} />
      {open && (
        <ul>
          {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
            <Node key={k} name={k} path={childPath(path, k, isArray)} value={v} depth={depth + 1} onCopy={props.onCopy} sdpNote={props.sdpNote} />
          ))}
          {entries.length > MAX_CHILDREN && <li class="dim">{`… ${entries.length - MAX_CHILDREN} more`}</li>}
        </ul>
      )}
    </li>
  );
}

/** `sdpNote`: the owner shows embedded SDPs line by line, so the tree abbreviates them. */
export function JsonTree(props: { value: unknown; label: string; onCopy?: CopyFn; sdpNote?: boolean }) {
  return (
    <div class="json" role="group" aria-label={props.label}>
      <ul>
        <Node value={props.value} path="" depth={0} onCopy={props.onCopy} sdpNote={props.sdpNote} />
      </ul>
    </div>
  );
}
