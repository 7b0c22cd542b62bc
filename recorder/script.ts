/**
 * The recorder as one classic script (dist/recorder/rtc-devtools-recorder.js) for a <script> tag
 * placed before the SDK's: defines window.RtcDevtoolsRecorder.start(options), which is
 * startRecording (recorder/index.ts).
 */
import { startRecording } from './index.js';

Object.defineProperty(globalThis, 'RtcDevtoolsRecorder', {
  value: Object.freeze({ start: startRecording }),
  configurable: true,
  writable: false,
  enumerable: false,
});
