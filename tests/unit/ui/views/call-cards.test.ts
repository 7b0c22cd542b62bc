import { describe, expect, it } from 'vitest';
import { PanelStore } from '../../../../ui/data/store.js';
import { cardsOf, cardText, loadLabel, type CallCard } from '../../../../ui/views/call-cards.js';
import { Seq } from '../../../fixtures/protocol/builder.js';
import { TX_URL, txBye, txLogin, txOutboundCall } from '../../../fixtures/protocol/telnyx.js';

const stamp = (t: number) => `@${t}`;
const fact = (c: CallCard, label: string) => c.facts.find((f) => f.label === label)?.value;

function storeOf(s: Seq): PanelStore {
  const store = new PanelStore();
  store.append(s.events);
  return store;
}

function cards(store: PanelStore, now: number): CallCard[] {
  const raw = store.analyzer.raw();
  return cardsOf(store.analyzer.snapshot().calls, { quality: raw.quality, capture: store.model, now, loads: store.loads(), stamp });
}

describe('Overview call cards', () => {
  it('an answered call the page hung up keeps its card: outcome, who hung up, length, ring and answer times', () => {
    const s = new Seq();
    s.create('d:ws-1', TX_URL).wait(30).open('d:ws-1');
    txLogin(s, 'd:ws-1');
    txOutboundCall(s, 'd:ws-1', 'call-a', { ringAfterMs: 400, answerAfterMs: 2000 });
    s.wait(5000);
    txBye(s, 'd:ws-1', 'call-a');
    const store = storeOf(s);
    const [c] = cards(store, s.t);
    expect(c).toMatchObject({ id: 'call-a', live: false, outcome: 'Answered', tone: 'ok', heading: 'Outbound call to +15551230000' });
    expect(c!.status).toMatch(/^Ended \d\d:\d\d:\d\d\.\d{3}$/);
    expect(fact(c!, 'Hung up by')).toBe('this page (local)');
    expect(fact(c!, 'Length')).toBe('5.0 s');
    expect(fact(c!, 'Ringing after')).toBe('450 ms');
    expect(fact(c!, 'Answered after')).toBe('2.5 s');
    // The cause in words beside its code.
    expect(fact(c!, 'Cause')).toBe('normal hang-up · NORMAL_CLEARING 16');
    expect(c!.pending).toBeUndefined();
    // Tooltips of times carry what stamp() gives (date and zone in the panel).
    expect(c!.facts.find((f) => f.label === 'Started')?.title).toBe(`@${c!.startT}`);
    // The copied summary uses the full times (date and zone), the figures and where the capture came from.
    const text = cardText(c!, { page: 'Support page · https://app.example/', browser: 'Chrome 131 on Linux', timeZone: 'Europe/Berlin' });
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'Outbound call to +15551230000: Answered (answered, hung up here)',
        'Call id: call-a',
        `Ended @${s.events.at(-2)!.t}`,
        'Hung up by: this page (local)',
        `Started: @${c!.startT}`,
        'Length: 5.0 s',
        'Page: Support page · https://app.example/',
        'Time zone: Europe/Berlin',
      ]),
    );
  });

  it('an invite with no reply shows how long the call has waited, and "never answered" once hung up', () => {
    const s = new Seq();
    s.create('d:ws-1', TX_URL).wait(30).open('d:ws-1');
    txLogin(s, 'd:ws-1');
    s.send('d:ws-1', {
      jsonrpc: '2.0',
      id: 'inv-1',
      method: 'telnyx_rtc.invite',
      params: { sessid: 'sess-1', sdp: 'v=0', dialogParams: { callID: 'call-b', destination_number: '+15551230000' } },
    });
    const sent = s.t;
    const store = storeOf(s);
    const [waiting] = cards(store, sent + 9200);
    expect(waiting).toMatchObject({ live: true, tone: 'live', outcome: 'Not answered yet' });
    expect(waiting!.pending).toBe('telnyx_rtc.invite: no reply for 9.2 s');
    expect(fact(waiting!, 'Length')).toBe('not answered yet');

    // The page gives up; Telnyx's SDK names USER_BUSY as its cause, which says nothing about the far end.
    const bye = new Seq(s.t + 12_000);
    bye.send('d:ws-1', { jsonrpc: '2.0', id: 'bye-1', method: 'telnyx_rtc.bye', params: { sessid: 'sess-1', dialogParams: { callID: 'call-b' }, cause: 'USER_BUSY', causeCode: 17 } });
    store.append(bye.events);
    const [ended] = cards(store, bye.t);
    expect(ended).toMatchObject({ live: false, outcome: 'Never answered', tone: 'error' });
    expect(ended!.pending).toBeUndefined();
    expect(fact(ended!, 'Length')).toBe('never answered');
    expect(fact(ended!, 'Answered after')).toBe('—');
  });

  it('a call the far end refused before answering reads as busy, with the cause in words', () => {
    const s = new Seq();
    s.create('d:ws-1', TX_URL).wait(30).open('d:ws-1');
    txLogin(s, 'd:ws-1');
    s.send('d:ws-1', { jsonrpc: '2.0', id: 'inv', method: 'telnyx_rtc.invite', params: { sessid: 'sess-1', sdp: 'v=0', dialogParams: { callID: 'call-c', destination_number: '+15551230000' } } });
    s.wait(40).recv('d:ws-1', { jsonrpc: '2.0', id: 'inv', result: { callID: 'call-c', message: 'CALL CREATED', sessid: 'sess-1' } });
    s.wait(300).recv('d:ws-1', { jsonrpc: '2.0', id: 'bye-r', method: 'telnyx_rtc.bye', params: { callID: 'call-c', cause: 'USER_BUSY', causeCode: 17 } });
    const [c] = cards(storeOf(s), s.t);
    expect(c).toMatchObject({ outcome: 'Busy', tone: 'error', live: false });
    expect(fact(c!, 'Hung up by')).toBe('the far end (remote)');
    expect(fact(c!, 'Cause')).toBe('the other side was busy · USER_BUSY 17');
  });

  it('lists the most recent call first and names the page load of each when there were several', () => {
    const s = new Seq();
    s.create('doc1:ws-1', TX_URL).wait(30).open('doc1:ws-1');
    txLogin(s, 'doc1:ws-1');
    txOutboundCall(s, 'doc1:ws-1', 'first');
    txBye(s, 'doc1:ws-1', 'first');
    s.wait(1000).create('doc2:ws-1', TX_URL).wait(30).open('doc2:ws-1');
    txLogin(s, 'doc2:ws-1');
    txOutboundCall(s, 'doc2:ws-1', 'second');
    const store = storeOf(s);
    for (const d of [
      { docId: 'doc1', url: 'https://app.example/call', top: true, loadId: 'doc1', startedAt: s.events[0]!.t },
      { docId: 'doc2', url: 'https://app.example/call?again', top: true, loadId: 'doc2', startedAt: s.t - 100 },
    ]) store.applyDoc(d, false);
    const list = cards(store, s.t);
    expect(list.map((c) => c.id)).toEqual(['second', 'first']);
    expect(list[0]!.load).toBe('load 2 (current page) · https://app.example/call?again');
    expect(list[1]!.load).toBe('load 1 (earlier page load) · https://app.example/call');
    // One load: nothing to tell apart.
    expect(loadLabel('doc1:ws-1', store.loads().slice(0, 1))).toBeUndefined();
  });
});
