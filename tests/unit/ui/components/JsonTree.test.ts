import { describe, expect, it } from 'vitest';
import { copyableValue } from '../../../../ui/components/JsonTree.js';

describe('copy value from the JSON tree', () => {
  it('copies a string as its text (an SDP with real line breaks), anything else as indented JSON', () => {
    expect(copyableValue('v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\n')).toBe('v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\n');
    expect(copyableValue(42)).toBe('42');
    expect(copyableValue(null)).toBe('null');
    expect(copyableValue(false)).toBe('false');
    expect(copyableValue({ a: [1, 'x'] })).toBe('{\n  "a": [\n    1,\n    "x"\n  ]\n}');
  });
});
