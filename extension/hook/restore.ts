/**
 * What the hook changed in the page, so a hook that is stopped (the in-app recorder's stop()) can
 * put every global and prototype member back as it found it. The extension's hook never stops:
 * for it this is a handful of closures kept for the document's life.
 *
 * Each undo puts back a slot only while it still holds what we put there: a page that replaced
 * our wrapper after us keeps its own value.
 */
import { append, defineProperty, getOwnPropertyDescriptor } from './intrinsics.js';

type Undo = () => void;
let undos: Undo[] = [];

/** Records that owner[name] was `before` (undefined: absent) and we set it to hold `ours`. */
export function rememberDefinition(owner: object, name: string, before: PropertyDescriptor | undefined, ours: unknown): void {
  append(undos, () => {
    const now = getOwnPropertyDescriptor(owner, name);
    if (!now) return;
    const holdsOurs = 'value' in now ? now.value === ours : now.get === ours;
    if (!holdsOurs || !now.configurable) return;
    if (before) defineProperty(owner, name, before);
    else delete (owner as Record<string, unknown>)[name];
  });
}

/** Records a cleanup of the hook's own (a timer to stop, a list to drop) for stop time. */
export function onRestore(fn: Undo): void {
  append(undos, fn);
}

/** Undoes everything recorded, newest first; one failing undo does not stop the others. */
export function restoreAll(): void {
  const list = undos;
  undos = [];
  for (let i = list.length - 1; i >= 0; i--) {
    try {
      list[i]!();
    } catch {
      /* the slot became non-configurable: leave it */
    }
  }
}
