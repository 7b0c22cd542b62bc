import { useState } from 'preact/hooks';
import { capList, LIST_CAP, LIST_STEP, nextLimit, type Capped } from './capped-list.js';

export interface CappedState<T> extends Capped<T> {
  showMore(): void;
  showAll(): void;
}

/** A list cut at `cap` rows (see ./capped-list.ts), with what the "… N more" line needs to extend it. */
export function useCapped<T>(items: readonly T[], cap = LIST_CAP): CappedState<T> {
  const [limit, setLimit] = useState(cap);
  const c = capList(items, limit);
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
