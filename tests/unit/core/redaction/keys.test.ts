import { describe, expect, it } from 'vitest';
import { isPhoneKey, isSecretKey, isSecretParam, normalName } from '../../../../core/redaction/keys.js';

describe('secret names, judged by their words', () => {
  it('splits every spelling into the same words', () => {
    expect(['loginToken', 'login_token', 'login-token', 'LOGIN_TOKEN', 'Login-Token'].map(normalName)).toEqual(Array(5).fill('login_token'));
    expect(normalName('X-Amz-Signature')).toBe('x_amz_signature');
    expect(normalName('APIKey')).toBe('api_key');
    expect(normalName('iceServers')).toBe('ice_servers');
  });

  it('names every secret the two old policies knew between them, in any spelling', () => {
    const secrets = [
      'jwt', 'sat', 'token', 'tokens', 'access_token', 'accessToken', 'id_token', 'login_token', 'refresh_token', 'refreshToken',
      'jwt_token', 'dpop_token', 'x-auth-token', 'X-Amz-Security-Token', 'logintoken', 'x-api-key', 'X-API-Key', 'api_key', 'apiKey',
      'APIKEY', 'api_keys', 'client_secret', 'clientSecret', 'secret', 'secrets', 'private_key', 'privateKey', 'sessionKey',
      'session_key', 'secretKey', 'password', 'Password', 'passwords', 'passwd', 'pwd', 'pass', 'sipPassword', 'user-password',
      'ice-pwd', 'icePwd', 'credential', 'credentials', 'authorization', 'Authorization', 'proxy-authorization', 'Proxy-Authorization',
      'authorization_state', 'cookie', 'Cookie', 'set-cookie', 'Set-Cookie', 'x-amz-signature', 'signature', 'signatures',
      'token_value', 'password_hash', 'hasPassword',
    ];
    expect(secrets.filter((k) => !isSecretKey(k))).toEqual([]);
  });

  it('keeps names that only describe a secret, or merely contain its letters', () => {
    const kept = [
      'publicKey', 'public_key', 'keyframe', 'keyframeInterval', 'key', 'tokenType', 'token_type', 'tokenExpiry', 'credentialType',
      'passwordRequired', 'signatureAlgorithm', 'accessKeyId', 'passive', 'bypass', 'compass', 'sacred', 'author', 'username',
      'method', 'callID', 'sessid', 'ufrag', 'iceUfrag', 'sdp', 'url', 'urls', 'monkey',
    ];
    expect(kept.filter((k) => isSecretKey(k))).toEqual([]);
  });

  it('treats vague names as secrets only in URLs', () => {
    for (const k of ['sig', 'auth', 'key', 'code', 'X-Goog-Signature']) expect(isSecretParam(k)).toBe(true);
    for (const k of ['sig', 'auth', 'key', 'code']) expect(isSecretKey(k)).toBe(false);
    expect(isSecretParam('region')).toBe(false);
  });

  it('knows phone-number keys', () => {
    for (const k of ['destination_number', 'destinationNumber', 'caller_id_number', 'callerIdNumber', 'remote_caller_id_number', 'phone', 'msisdn', 'to_number'])
      expect(isPhoneKey(k)).toBe(true);
    for (const k of ['number', 'callID', 'port', 'version_number']) expect(isPhoneKey(k)).toBe(false);
  });
});

describe('a secret name with a number after it is still a secret', () => {
  it('password2, password_0, token1, apiKey3, user0Password are secrets; codec and format names with digits are not', () => {
    for (const k of ['password2', 'password_0', 'token1', 'apiKey3', 'user0Password', 'pin1', 'client_secret_2']) expect(isSecretKey(k), k).toBe(true);
    for (const k of ['h264', 'vp8', 'http2', 'sha256', 'base64', 'tokenType2', 'keyframe2', 'iso8601']) expect(isSecretKey(k), k).toBe(false);
  });
});
