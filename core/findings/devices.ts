/** A device unplugged or a local track ended while a call was up. */
import { text } from '../protocol/decoders/util.js';
import type { Rule } from './types.js';

export const devicesRule: Rule = {
  id: 'devices',
  on(s, ctx) {
    if (s.type !== 'capture') return;
    const ev = s.ev;
    if (ev.kind === 'media.devicechange' && Array.isArray(ev.removed) && ev.removed.length > 0 && ctx.inCall()) {
      const names = ev.removed.map((d) => text(d?.label) || text(d?.kind) || 'device').join(', ');
      ctx.emit({
        rule: 'device-removed',
        severity: 'warning',
        t: ev.t,
        message: `Device removed during a call: ${names}`,
        advice:
          'If it was the microphone or camera in use, its track ended and the other side stops getting media until the app switches device. ' +
          'Apps should listen for devicechange and pick a new device (SignalWire: device monitoring; Telnyx: call.setAudioInDevice).',
        evidence: [{ kind: 'event', t: ev.t }],
      });
    } else if (ev.kind === 'media.track' && ev.event === 'ended' && ctx.inCall()) {
      ctx.emit({
        rule: 'track-ended',
        severity: 'warning',
        t: ev.t,
        message: `Local ${text(ev.trackKind, 'media')} track ended during a call${text(ev.label) ? ` (${text(ev.label)})` : ''}`,
        advice:
          'The device stopped delivering media: unplugged, taken by another app, revoked permission, or the OS put it to sleep. ' +
          'The app has to get a new track and replaceTrack() it on the sender.',
        evidence: [{ kind: 'event', t: ev.t }],
      });
    }
  },
};
