/**
 * What an import could not read, kept beside the store it produced. A damaged bundle opens with
 * what is still good; without these notes the Overview would read like an empty capture ("No
 * WebSocket captured") and nothing would say that parts were dropped.
 */
const notes = new WeakMap<object, readonly string[]>();

export function setImportNotes(store: object, list: readonly string[]): void {
  if (list.length) notes.set(store, list);
  else notes.delete(store);
}

export function importNotesOf(store: object): readonly string[] {
  return notes.get(store) ?? [];
}

/**
 * What an import outcome says it could not read: core's `problems` when it reports them, else the
 * repair warnings ("sockets was missing or damaged and set to its default.").
 */
export function notesFromOutcome(outcome: { warnings?: readonly string[]; problems?: readonly unknown[] }): string[] {
  const problems = Array.isArray(outcome.problems) ? outcome.problems : undefined;
  if (problems?.length) return problems.map(problemText);
  return [...(outcome.warnings ?? [])];
}

function problemText(p: unknown): string {
  if (typeof p === 'string') return p;
  if (!p || typeof p !== 'object') return String(p);
  // core/bundle/import.ts ImportProblem: {path, reason, action, count, message}.
  const o = p as { message?: unknown; what?: unknown; why?: unknown; path?: unknown; count?: unknown };
  const parts = [o.what ?? o.path, o.message ?? o.why].filter((x): x is string => typeof x === 'string' && x !== '');
  const times = typeof o.count === 'number' && o.count > 1 ? ` (${o.count}×)` : '';
  return parts.length ? `${parts.join(': ')}${times}` : JSON.stringify(p);
}
