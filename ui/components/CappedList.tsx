import { useState } from 'preact/hooks';
import { capList, LIST_CAP, LIST_STEP, nextLimit, type Capped } from './capped-list.js';

export interface CappedState<T> extends Capped<T> {
  showMore(): void;
  showAll(): void;
}

/** A list cut at `cap` rows (see ./capped-list.ts), with what the "… N more" line needs to extend it. */
export function useCapped<T>(items: readonly T[], cap = LIST_CAP): CappedState<T> {
  const [limit, setLimit] = useState(cap);
  return cappedState(capList(items, limit), limit, setLimit);
}

/**
 * For a list that is cheaper to build only up to its limit (the view builds `limit` items and counts
 * the rest): the limit to build to, and the state for MoreLine once built.
 */
export function useLimit(cap = LIST_CAP): { limit: number; capped<T>(shown: readonly T[], total: number): CappedState<T> } {
  const [limit, setLimit] = useState(cap);
  return { limit, capped: (shown, total) => cappedState({ shown, total, more: Math.max(0, total - shown.length) }, limit, setLimit) };
}

function cappedState<T>(c: Capped<T>, limit: number, setLimit: (n: number) => void): CappedState<T> {
  return {
    ...c,
    showMore: () => setLimit(nextLimit(limit, c.total)),
    showAll: () => setLimit(c.total),
  };
}

/**
 * The "… N more" line under a capped list: how many are left out, and buttons for the next rows or all
 * of them. `as` fits it into the list it ends (a table row, a list item or a block).
 */
export function MoreLine(props: { list: CappedState<unknown>; noun: string; as?: 'tr' | 'li' | 'div'; colSpan?: number }) {
  const { list, noun } = props;
  if (list.more === 0) return null;
  const step = Math.min(LIST_STEP, list.more);
  const body = (
    <>
      <span class="more-count">{`… ${list.more} more ${noun} (${list.shown.length} of ${list.total} shown)`}</span>{' '}
      <button type="button" class="link" onClick={list.showMore}>
        {`Show ${step} more`}
      </button>
      {list.more > step && (
        <>
          {' · '}
          <button type="button" class="link" onClick={list.showAll}>
            {`Show all ${list.total}`}
          </button>
        </>
      )}
    </>
  );
  if (props.as === 'tr')
    return (
      <tr class="more-line">
        <td colSpan={props.colSpan}>{body}</td>
      </tr>
    );
  if (props.as === 'li') return <li class="more-line">{body}</li>;
  return <div class="more-line">{body}</div>;
}
