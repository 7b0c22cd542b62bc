import { useEffect, useState } from 'preact/hooks';
import type { PanelStore, StoreState } from './store.js';
import { perFrame } from './schedule.js';

/** Re-renders the calling view at most once per animation frame while the store changes. */
export function useStore(store: PanelStore): StoreState {
  const [state, setState] = useState(store.state$.value);
  useEffect(() => {
    const sub = perFrame(store.state$).subscribe(setState);
    return () => sub.unsubscribe();
  }, [store]);
  return state;
}
