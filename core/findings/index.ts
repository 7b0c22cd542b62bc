/** The findings rules, in the order their findings are most useful to read. */
import { authRule } from './auth.js';
import { backoffRule } from './backoff.js';
import { callSetupRule } from './call-setup.js';
import { createCallEndedRule } from './call-ended.js';
import { createCallNoProgressRule } from './call-no-progress.js';
import { devicesRule } from './devices.js';
import { gumRule } from './gum.js';
import { createIceRule } from './ice.js';
import { createIceStuckRule } from './ice-stuck.js';
import { keepaliveRule } from './keepalive.js';
import { createLiveKitRule } from './livekit.js';
import { createMediaThresholdRule } from './media-thresholds.js';
import { createMicrophoneClippingRule } from './microphone-clipping.js';
import { createOneWayRule } from './one-way.js';
import { createReconnectStormRule } from './reconnect-storm.js';
import { nonHostRule } from './nonhost.js';
import { noIceServersRule } from './no-ice-servers.js';
import { relayRule } from './relay.js';
import { rpcRule } from './rpc.js';
import { createSilentMicrophoneRule } from './silent-microphone.js';
import { createVideoFreezeRule } from './video-freeze.js';
import { createVideoSendLimitedRule } from './video-send-limited.js';
import { createServerNoticesRule } from './server-notices.js';
import { createUnansweredInviteRule } from './unanswered-invite.js';
import { createAudioConcealmentRule } from './audio-concealment.js';
import { createBitrateCollapseRule } from './bitrate-collapse.js';
import { createDtlsFailureRule } from './dtls-failure.js';
import { createJitterBufferRule } from './jitter-buffer.js';
import { createKeyframeStormRule } from './keyframe-storm.js';
import { createPathChangeRule } from './path-change.js';
import { createRetransmissionStormRule } from './retransmission-storm.js';
import { createRiskyDeviceRule } from './risky-device.js';
import { createSdpAnomalyRule } from './sdp-anomaly.js';
import { createSlowFirstMediaRule } from './slow-first-media.js';
import { createTurnTcpRule } from './turn-tcp.js';
import type { Rule } from './types.js';

export type { Rule, RuleContext, Signal, PcInfo } from './types.js';

/** Fresh rule instances (some keep per-analyzer state). */
export function createRules(): Rule[] {
  return [
    authRule,
    rpcRule,
    keepaliveRule,
    createReconnectStormRule(),
    backoffRule,
    callSetupRule,
    createUnansweredInviteRule(),
    createCallNoProgressRule(),
    createCallEndedRule(),
    createIceRule(),
    createIceStuckRule(),
    relayRule,
    nonHostRule,
    noIceServersRule,
    createOneWayRule(),
    createMediaThresholdRule(),
    createSilentMicrophoneRule(),
    createMicrophoneClippingRule(),
    createVideoFreezeRule(),
    createVideoSendLimitedRule(),
    createKeyframeStormRule(),
    createRetransmissionStormRule(),
    createAudioConcealmentRule(),
    createJitterBufferRule(),
    createBitrateCollapseRule(),
    createTurnTcpRule(),
    createPathChangeRule(),
    createSlowFirstMediaRule(),
    createDtlsFailureRule(),
    createSdpAnomalyRule(),
    createRiskyDeviceRule(),
    devicesRule,
    gumRule,
    createServerNoticesRule(),
    createLiveKitRule(),
  ];
}
