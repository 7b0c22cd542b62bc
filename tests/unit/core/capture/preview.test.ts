import { describe, expect, it } from 'vitest';
import { previewBytes, previewOf, previewOfBytes, previewText } from '../../../../core/capture/preview.js';

describe('binary frame previews', () => {
  it('reads the bytes as latin-1 text and writes them back, skipping what is not hex', () => {
    const hex = Buffer.from('{"password":"x\u00ff', 'latin1').toString('hex');
    expect(previewText(hex)).toBe('{"password":"x\u00ff');
    expect(previewOf(previewText(hex))).toBe(hex);
    expect(previewText('7b 22:zz7d')).toBe('{"}');
    expect(previewText('7')).toBe('');
  });
});

describe('binary frame bytes', () => {
  it('reads the spaced hex the hook writes into bytes and back', () => {
    const bytes = previewBytes('0a 1f ff 00');
    expect([...bytes]).toEqual([10, 31, 255, 0]);
    expect(previewOfBytes(bytes)).toBe('0a 1f ff 00');
    expect(previewBytes('').length).toBe(0);
  });
});
