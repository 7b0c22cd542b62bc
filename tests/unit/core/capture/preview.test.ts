import { describe, expect, it } from 'vitest';
import { previewOf, previewText } from '../../../../core/capture/preview.js';

describe('binary frame previews', () => {
  it('reads the bytes as latin-1 text and writes them back, skipping what is not hex', () => {
    const hex = Buffer.from('{"password":"x\u00ff', 'latin1').toString('hex');
    expect(previewText(hex)).toBe('{"password":"x\u00ff');
    expect(previewOf(previewText(hex))).toBe(hex);
    expect(previewText('7b 22:zz7d')).toBe('{"}');
    expect(previewText('7')).toBe('');
  });
});
