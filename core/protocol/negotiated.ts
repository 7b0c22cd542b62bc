/**
 * Which ways a peer connection should carry media, from the SDP answers it applied. An answer states the
 * directions both sides agreed on (RFC 3264 §6): our own answer from our side, the far end's answer from
 * theirs (its recvonly is our sendonly). A send-only publisher, a receive-only viewer or one half of a
 * loopback test is one-way by design, and media rules must not call that a fault.
 *
 * The hook captures each description as the page passes it (setLocalDescription / setRemoteDescription
 * arguments) and each createOffer/createAnswer result; transceivers only at addTransceiver, before any
 * negotiation (currentDirection still null), so the SDP is the source here.
 */
import { reverseDirection, sdpMediaDirections, type SdpMediaSection } from './sdp.js';

export interface NegotiatedMedia {
  /** When the answer that set this was applied. */
  t: number;
  /** Audio/video sections from this side: sendonly = we send only. */
  sections: SdpMediaSection[];
  /** Whether any section lets this side send / receive RTP. */
  send: boolean;
  recv: boolean;
}

export interface Description {
  type?: string;
  sdp?: string;
}

const sends = (d: string) => d === 'sendrecv' || d === 'sendonly';
const receives = (d: string) => d === 'sendrecv' || d === 'recvonly';

function fromSections(t: number, sections: SdpMediaSection[]): NegotiatedMedia {
  return { t, sections, send: sections.some((s) => sends(s.direction)), recv: sections.some((s) => receives(s.direction)) };
}

/** Per peer connection: feed it descriptions in capture order, read `current`. */
export class NegotiationTracker {
  current: NegotiatedMedia | undefined;
  /** The far end's offer this side has yet to answer. */
  private remoteOffer: string | undefined;
  /** The answer createAnswer made for that offer, used when setLocalDescription() is called without one. */
  private createdAnswer: string | undefined;

  /** A createOffer/createAnswer result. */
  created(desc: Description): void {
    if (desc.type === 'answer' && desc.sdp) this.createdAnswer = desc.sdp;
  }

  remote(t: number, desc: Description): void {
    if (!desc.sdp) return;
    if (desc.type === 'offer') {
      this.remoteOffer = desc.sdp;
      this.createdAnswer = undefined;
    } else if (desc.type === 'answer' || desc.type === 'pranswer') {
      this.current = fromSections(
        t,
        sdpMediaDirections(desc.sdp).map((s) => ({ kind: s.kind, direction: reverseDirection(s.direction) })),
      );
    }
  }

  /** `desc` undefined: setLocalDescription() with no argument, the browser picks offer or answer itself. */
  local(t: number, desc: Description | undefined): void {
    if (desc?.type === 'offer') {
      this.remoteOffer = undefined;
      return;
    }
    if (desc?.type === 'rollback') return;
    if (desc?.sdp && (desc.type === 'answer' || desc.type === 'pranswer')) {
      this.current = fromSections(t, sdpMediaDirections(desc.sdp));
      this.remoteOffer = undefined;
      return;
    }
    // An implicit answer: the one createAnswer made, else at most what the offer allowed us (its reverse).
    if (!this.remoteOffer) return;
    const sections = this.createdAnswer
      ? sdpMediaDirections(this.createdAnswer)
      : sdpMediaDirections(this.remoteOffer).map((s) => ({ kind: s.kind, direction: reverseDirection(s.direction) }));
    this.current = fromSections(t, sections);
    this.remoteOffer = undefined;
    this.createdAnswer = undefined;
  }
}
