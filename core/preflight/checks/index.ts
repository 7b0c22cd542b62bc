/** The browser implementations of every preflight check, by id. */
import type { CheckDefinition, CheckId } from '../types.js';
import { browserCheck } from './browser.js';
import { capabilitiesCheck } from './capabilities.js';
import { cameraCheck } from './camera.js';
import { connectivityCheck } from './connectivity.js';
import { iceCheck } from './ice.js';
import { microphoneCheck } from './microphone.js';
import { permissionsCheck } from './permissions.js';
import { qualityCheck } from './quality.js';
import { signalingCheck } from './signaling.js';
import { speakersCheck } from './speakers.js';

export const BROWSER_CHECKS: ReadonlyMap<CheckId, CheckDefinition> = new Map(
  [
    browserCheck,
    permissionsCheck,
    microphoneCheck,
    cameraCheck,
    speakersCheck,
    capabilitiesCheck,
    signalingCheck,
    iceCheck,
    connectivityCheck,
    qualityCheck,
  ].map((c) => [c.id, c]),
);
