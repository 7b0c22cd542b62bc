/** Check 1: does this browser have what a WebRTC calling app needs? */
import type { CheckDefinition, CheckOutcome } from '../types.js';

export interface BrowserFeatures {
  userAgent: string;
  secureContext: boolean;
  rtcPeerConnection: boolean;
  getUserMedia: boolean;
  getDisplayMedia: boolean;
  setSinkId: boolean;
  /** 'RTCRtpScriptTransform' (standard), 'createEncodedStreams' (older Chromium) or null. */
  encodedTransforms: string | null;
  /** MIME types, e.g. "audio/opus", without the FEC/RTX helpers. */
  sendCodecs: { audio: string[]; video: string[] };
  receiveCodecs: { audio: string[]; video: string[] };
}

const HELPER_CODECS = /\/(rtx|red|ulpfec|flexfec-03|telephone-event|CN)$/i;

export function detectBrowserFeatures(g: typeof globalThis = globalThis): BrowserFeatures {
  const nav = (g as { navigator?: Navigator }).navigator;
  const md = nav?.mediaDevices;
  const Pc = (g as { RTCPeerConnection?: typeof RTCPeerConnection }).RTCPeerConnection;
  const Sender = (g as { RTCRtpSender?: typeof RTCRtpSender }).RTCRtpSender;
  const Receiver = (g as { RTCRtpReceiver?: typeof RTCRtpReceiver }).RTCRtpReceiver;
  const Media = (g as { HTMLMediaElement?: typeof HTMLMediaElement }).HTMLMediaElement;
  const codecs = (api: { getCapabilities?(kind: string): RTCRtpCapabilities | null } | undefined, kind: string) => {
    try {
      const caps = api?.getCapabilities?.(kind);
      return [...new Set((caps?.codecs ?? []).map((c) => c.mimeType).filter((m) => !HELPER_CODECS.test(m)))];
    } catch {
      return [];
    }
  };
  let encodedTransforms: string | null = null;
  if ('RTCRtpScriptTransform' in g) encodedTransforms = 'RTCRtpScriptTransform';
  else if (Sender && 'createEncodedStreams' in Sender.prototype) encodedTransforms = 'createEncodedStreams';
  return {
    userAgent: nav?.userAgent ?? '',
    secureContext: Boolean((g as { isSecureContext?: boolean }).isSecureContext),
    rtcPeerConnection: typeof Pc === 'function',
    getUserMedia: typeof md?.getUserMedia === 'function',
    getDisplayMedia: typeof md?.getDisplayMedia === 'function',
    setSinkId: Boolean(Media && 'setSinkId' in Media.prototype),
    encodedTransforms,
    sendCodecs: { audio: codecs(Sender, 'audio'), video: codecs(Sender, 'video') },
    receiveCodecs: { audio: codecs(Receiver, 'audio'), video: codecs(Receiver, 'video') },
  };
}

export function evaluateBrowser(f: BrowserFeatures): CheckOutcome {
  const advice: string[] = [];
  const missing: string[] = [];
  const weak: string[] = [];
  if (!f.secureContext) {
    missing.push('a secure page (https)');
    advice.push('Open this page over https:// (or on localhost): browsers only allow camera and microphone on secure pages.');
  }
  if (!f.rtcPeerConnection) missing.push('WebRTC (RTCPeerConnection)');
  if (!f.getUserMedia) missing.push('camera/microphone access (getUserMedia)');
  if (!f.rtcPeerConnection || !f.getUserMedia) {
    advice.push('Use a current version of Chrome, Edge, Firefox or Safari; some privacy settings or in-app browsers turn WebRTC off.');
  }
  if (!f.setSinkId) {
    weak.push('choosing a speaker');
    advice.push('This browser always plays calls on the system default speaker; change it in the system sound settings.');
  }
  if (!f.getDisplayMedia) weak.push('screen sharing');
  const has = (list: string[], mime: string) => list.some((m) => m.toLowerCase() === mime);
  if (f.rtcPeerConnection && !has(f.sendCodecs.audio, 'audio/opus') && f.sendCodecs.audio.length) weak.push('the Opus audio codec');
  const commonVideo = ['video/vp8', 'video/h264'].some((m) => has(f.sendCodecs.video, m) && has(f.receiveCodecs.video, m));
  if (f.rtcPeerConnection && f.sendCodecs.video.length && !commonVideo) weak.push('VP8 or H.264 video');
  const metrics = {
    userAgent: f.userAgent,
    secureContext: f.secureContext,
    rtcPeerConnection: f.rtcPeerConnection,
    getUserMedia: f.getUserMedia,
    getDisplayMedia: f.getDisplayMedia,
    setSinkId: f.setSinkId,
    encodedTransforms: f.encodedTransforms,
    sendCodecs: f.sendCodecs,
    receiveCodecs: f.receiveCodecs,
  };
  if (missing.length) {
    return { status: 'fail', summary: `This browser lacks ${missing.join(' and ')}.`, metrics, advice };
  }
  const codecList = `${f.sendCodecs.audio.length} audio and ${f.sendCodecs.video.length} video codecs`;
  if (weak.length) {
    return { status: 'warn', summary: `WebRTC works here, but without ${weak.join(', ')} (${codecList}).`, metrics, advice };
  }
  return { status: 'pass', summary: `WebRTC, devices, speaker choice and screen sharing are available (${codecList}).`, metrics, advice };
}

export const browserCheck: CheckDefinition = {
  id: 'browser',
  title: 'Browser support',
  async run() {
    return evaluateBrowser(detectBrowserFeatures());
  },
};
