import { describe, expect, it } from 'vitest';
import { emptyFilter } from '../../../../ui/views/signaling-model.js';
import { clampShare, viewStateOf } from '../../../../ui/views/signaling-state.js';

describe('Signaling view state', () => {
  it('is kept per capture store across remounts: filter, selection, scroll and time mode', () => {
    const store = {};
    const s = viewStateOf(store, 0);
    expect(s).toMatchObject({ filter: emptyFilter, selected: -1, scrollTop: -1, timeMode: 'start' });
    s.filter = { ...emptyFilter, text: '-ping', dir: 'received' };
    s.selected = 42;
    s.scrollTop = 300;
    s.timeMode = 'previous';
    expect(viewStateOf(store, 0)).toMatchObject({ filter: { text: '-ping', dir: 'received' }, selected: 42, scrollTop: 300, timeMode: 'previous' });
    // Another capture (an imported file) starts fresh.
    expect(viewStateOf({}, 0).selected).toBe(-1);
  });

  it('drops selection and scroll (positions in the old frame list) on a new generation, keeps the filter', () => {
    const store = {};
    const s = viewStateOf(store, 3);
    s.filter = { ...emptyFilter, text: 'invite' };
    s.selected = 7;
    s.scrollTop = 120;
    const after = viewStateOf(store, 4);
    expect(after).toMatchObject({ selected: -1, scrollTop: -1, filter: { text: 'invite' } });
  });

  it('keeps the detail pane between a fifth and four fifths of the width', () => {
    expect(clampShare(0.05)).toBe(0.2);
    expect(clampShare(0.95)).toBe(0.8);
    expect(clampShare(0.5)).toBe(0.5);
    expect(clampShare(Number.NaN)).toBe(0.4);
  });
});
