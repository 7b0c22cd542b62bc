/**
 * Reads a tab's whole capture the way the panel does. The function lives in the shipped automation
 * code (automation/in-extension-page.ts), which the Playwright fixture and the MCP server use too.
 */
export { collectSnapshot, type CaptureSnapshot } from '../../../automation/in-extension-page.js';
