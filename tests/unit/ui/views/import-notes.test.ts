import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../../../core/capture/events.js';
import { serializeBundle } from '../../../../core/bundle/build.js';
import { buildPanelBundle } from '../../../../ui/data/bundle.js';
import { importCaptureFile } from '../../../../ui/data/import.js';
import { importNotesOf, notesFromOutcome, setImportNotes } from '../../../../ui/views/import-notes.js';

const events: CaptureEvent[] = [
  { kind: 'ws.create', t: 1000, id: 'd:ws-1', url: 'wss://x/', protocols: [] },
  { kind: 'ws.frame', t: 1010, id: 'd:ws-1', dir: 'sent', size: 2, binary: false, text: '{}' },
];

describe('a damaged bundle says what could not be read', () => {
  it('sockets, peer connections and calls of the wrong type are named, not silently empty', async () => {
    const { bundle } = buildPanelBundle({ events }, { phoneNumbers: 'remove', sipAddresses: 'remove' });
    const damaged = { ...JSON.parse(serializeBundle(bundle)), sockets: 'oops', peerConnections: 42, calls: { no: 'list' } };
    const r = await importCaptureFile(new TextEncoder().encode(JSON.stringify(damaged)), 'damaged.json');
    expect(r.ok).toBe(true);
    const notes = notesFromOutcome(r as { warnings: string[]; problems: unknown[] });
    // One line per damaged part, starting with where it was and saying what became of it.
    for (const part of ['sockets', 'peerConnections', 'calls']) expect(notes.find((n) => n.startsWith(`${part}: `))).toMatch(/left empty|left out|read anyway/);
  });

  it('an intact bundle has nothing to say, and notes stay with the store they belong to', async () => {
    const { bundle } = buildPanelBundle({ events }, { phoneNumbers: 'remove', sipAddresses: 'remove' });
    const r = await importCaptureFile(new TextEncoder().encode(serializeBundle(bundle)), 'ok.json');
    expect(notesFromOutcome(r as { warnings: string[]; problems: unknown[] })).toEqual([]);
    const a = {};
    const b = {};
    setImportNotes(a, ['x was damaged']);
    expect(importNotesOf(a)).toEqual(['x was damaged']);
    expect(importNotesOf(b)).toEqual([]);
  });

  it('reads structured problems when the importer gives them', () => {
    expect(notesFromOutcome({ warnings: ['w'], problems: [{ path: 'sockets[].frames[]', message: 'damaged: left out', count: 312 }, 'plain'] })).toEqual([
      'sockets[].frames[]: damaged: left out (312×)',
      'plain',
    ]);
  });
});
