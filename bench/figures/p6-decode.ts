/**
 * P6: decoding + modeling throughput in Node on 100,000 recorded-shape frames, against parse-only; beside it
 * the same for 100,000 LiveKit protobuf frames, against protobuf decode only.
 */
import { benchDecode } from '../decode.js';
import { benchDecodeLiveKit } from '../decode-livekit.js';
import type { Figure } from '../types.js';

export const p6: Figure = {
  id: 'P6',
  title: 'Protocol decoding + modeling throughput in Node (frames/s)',
  async run({ smoke }) {
    const r = benchDecode(smoke ? 2_000 : 100_000, smoke ? 1 : 3);
    const lk = benchDecodeLiveKit(smoke ? 2_000 : 100_000, smoke ? 1 : 3);
    return {
      id: 'P6',
      title: this.title,
      values: {
        frames: r.frames,
        'frames/s analyzed': r.framesPerSec,
        'µs/frame analyzed': r.usPerFrame,
        'frames/s JSON.parse only (baseline)': r.baselineFramesPerSec,
        messages: r.messages,
        paired: r.paired,
        calls: r.calls,
        findings: r.findings,
        'heap delta MB': r.heapDeltaMB,
        'LiveKit frames': lk.frames,
        'LiveKit frames/s analyzed': lk.framesPerSec,
        'LiveKit µs/frame analyzed': lk.usPerFrame,
        'LiveKit frames/s protobuf decode only (baseline)': lk.baselineFramesPerSec,
        'LiveKit ratio (analyzer / protobuf decode only)': lk.ratio,
        'LiveKit paired': lk.paired,
      },
      ratio: r.ratio,
      notes: [
        'ratio = analyzer time / JSON.parse-only time on the same frames (SignalWire + Telnyx JSON)',
        'LiveKit: binary SignalRequest/SignalResponse frames (hex as captured) through the same analyzer; its baseline decodes the same bytes with @livekit/protocol only',
      ],
    };
  },
};
