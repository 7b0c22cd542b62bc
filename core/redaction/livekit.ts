/**
 * A LiveKit frame's secrets (a refreshed access token, TURN credentials in the join answer, the room's TURN
 * password) sit inside protobuf bytes, where text rules would cut a field and break every byte after it. So
 * a frame that decodes as LiveKit's SignalRequest / SignalResponse is redacted as the message it is: its
 * protobuf JSON goes through the one secret policy (the caller's JSON walk) and is encoded again, and the
 * result still decodes in the viewer.
 */
import { SignalRequest, SignalResponse } from '@livekit/protocol';
import { previewBytes, previewOfBytes } from '../capture/preview.js';

export interface LiveKitRedaction {
  /** The redacted frame as the same spaced hex; '' when it could not be encoded again (nothing leaks). */
  preview: string;
  changed: boolean;
}

/**
 * Redacts one binary frame's hex if it is a LiveKit signal message of its direction; undefined when it is
 * not (the caller's text rules then apply).
 * @param walkJson the secret policy over a JSON value (returns the redacted copy).
 */
export function redactLiveKitPreview(hex: string, dir: 'sent' | 'received', walkJson: (v: unknown) => unknown): LiveKitRedaction | undefined {
  const type = dir === 'sent' ? SignalRequest : SignalResponse;
  const bytes = previewBytes(hex);
  if (!startsLikeSignal(bytes, type)) return undefined;
  let json: unknown;
  try {
    const msg = type.fromBinary(bytes);
    if (!msg.message.case) return undefined;
    json = msg.toJson();
  } catch {
    return undefined;
  }
  const red = walkJson(json);
  if (JSON.stringify(red) === JSON.stringify(json)) return { preview: hex, changed: false };
  try {
    return { preview: previewOfBytes(type.fromJson(red as never).toBinary()), changed: true };
  } catch {
    // A redacted value the message cannot hold (a secret under a bytes or number field): drop the frame's bytes.
    return { preview: '', changed: true };
  }
}

/**
 * A cheap look at the first field before a full decode: a signal message is one oneof field, so its first
 * tag names a field the message has, as a varint (wire type 0) or length-delimited (2) within the bytes.
 * Most binary frames of other protocols (and text sent as binary: `{` is wire type 3) stop here.
 */
function startsLikeSignal(bytes: Uint8Array, type: typeof SignalRequest | typeof SignalResponse): boolean {
  let tag = 0;
  let i = 0;
  for (let shift = 0; i < bytes.length && i < 3; shift += 7) {
    const b = bytes[i++]!;
    tag |= (b & 0x7f) << shift;
    if (b < 0x80) break;
  }
  const wire = tag & 7;
  if ((wire !== 0 && wire !== 2) || !type.fields.find(tag >>> 3)) return false;
  if (wire === 0) return true;
  let len = 0;
  for (let shift = 0; i < bytes.length && shift < 35; shift += 7) {
    const b = bytes[i++]!;
    len += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return i + len <= bytes.length;
  }
  return false;
}
