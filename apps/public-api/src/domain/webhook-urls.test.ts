import { checkWebhookUrl, isPrivateAddress } from './webhook-urls';

const strict = { allowHttp: false, allowPrivateHosts: false };

describe('webhook URL rules', () => {
  it('a public https URL is kept as written, normalised', () => {
    expect(checkWebhookUrl('https://Hooks.Example.com/in?x=1', strict)).toBe(
      'https://hooks.example.com/in?x=1',
    );
  });

  it.each([
    'http://hooks.example.com/',
    'https://a:b@hooks.example.com/',
    'https://hooks.example.com/#top',
    'https://127.0.0.1/',
    'https://2130706433/',
    'https://[::ffff:10.0.0.1]/',
    'https://[fe80::1]/',
    'https://100.64.1.1/',
    'https://0.0.0.0/',
    'https://printer.localhost/',
    '/relative',
  ])('%s is refused as WEBHOOK_URL_INVALID', (url) => {
    let refusal: unknown;
    try {
      checkWebhookUrl(url, strict);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'WEBHOOK_URL_INVALID' });
  });

  it('http and private hosts pass where the settings allow them', () => {
    const relaxed = { allowHttp: true, allowPrivateHosts: true };
    expect(checkWebhookUrl('http://192.168.1.10:8123/hook', relaxed)).toBe('http://192.168.1.10:8123/hook');
    expect(() => checkWebhookUrl('http://192.168.1.10/', { ...relaxed, allowPrivateHosts: false })).toThrow();
  });

  it('public addresses are not private, names are not addresses', () => {
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
    expect(isPrivateAddress('2606:2800:220:1::1')).toBe(false);
    expect(isPrivateAddress('hooks.example.com')).toBe(false);
    expect(isPrivateAddress('172.31.255.255')).toBe(true);
  });
});
