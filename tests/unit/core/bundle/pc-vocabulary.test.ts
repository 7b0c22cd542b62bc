import { describe, expect, it } from 'vitest';
import { isSuccessOf, parseResultType, resultType } from '../../../../core/bundle/pc-vocabulary.js';

describe('peer-connection outcome names (the bundle vocabulary)', () => {
  it('joins a method and its outcome the way bundles and webrtc-internals spell it', () => {
    expect(resultType('createOffer', true)).toBe('createOfferOnSuccess');
    expect(resultType('setRemoteDescription', false)).toBe('setRemoteDescriptionOnFailure');
  });

  it('splits every joined name back into the same method and outcome', () => {
    for (const method of ['createOffer', 'createAnswer', 'setLocalDescription', 'addIceCandidate', 'getStats']) {
      for (const ok of [true, false]) expect(parseResultType(resultType(method, ok))).toEqual({ method, ok });
    }
  });

  it('names no outcome for calls and events', () => {
    expect(parseResultType('createOffer')).toBeUndefined();
    expect(parseResultType('iceconnectionstatechange')).toBeUndefined();
    expect(parseResultType('OnSuccessful')).toBeUndefined();
  });

  it('gives an empty method for a bare suffix, which callers refuse as a call', () => {
    expect(parseResultType('OnFailure')).toEqual({ method: '', ok: false });
  });

  it('tells the success of one method apart from its failure and from other methods', () => {
    expect(isSuccessOf('createOfferOnSuccess', 'createOffer')).toBe(true);
    expect(isSuccessOf('createOfferOnFailure', 'createOffer')).toBe(false);
    expect(isSuccessOf('createAnswerOnSuccess', 'createOffer')).toBe(false);
  });
});
