import { describe, expect, it } from 'vitest';
import { parsePanelMessage, parseWorkerMessage } from '../../../../core/messages/panel-worker.js';

describe('panel <-> worker messages', () => {
  it('the worker takes subscribe, clear and preserve-log, copied clean', () => {
    expect(parsePanelMessage({ type: 'subscribe', v: 1, tabId: 3, extra: 1 })).toEqual({ type: 'subscribe', v: 1, tabId: 3 });
    expect(parsePanelMessage({ type: 'preserve-log', v: 1, tabId: 3, preserve: 'yes' })).toBeUndefined();
    expect(parsePanelMessage({ type: 'subscribe', v: 2, tabId: 3 })).toBeUndefined();
    expect(parsePanelMessage({ type: 'drop-tables', v: 1, tabId: 3 })).toBeUndefined();
  });

  it('the panel takes messages of its own tab at its version only', () => {
    const doc = { type: 'cleared', v: 1, tabId: 5 };
    expect(parseWorkerMessage(doc, 5)).toBe(doc);
    expect(parseWorkerMessage(doc, 6)).toBeUndefined();
    expect(parseWorkerMessage({ ...doc, v: 2 }, 5)).toBeUndefined();
    expect(parseWorkerMessage({ v: 1, tabId: 5 }, 5)).toBeUndefined();
    expect(parseWorkerMessage(null, 5)).toBeUndefined();
  });
});
