import { AppError } from '@homeport/errors';
import { BlockList, isIP } from 'node:net';

/** What an endpoint URL may be, from the settings. */
export interface WebhookUrlRules {
  /** http:// besides https:// (tests, the embedded mode). */
  readonly allowHttp: boolean;
  /** IP literals in private, loopback and link-local ranges (a receiver on the same network). */
  readonly allowPrivateHosts: boolean;
}

// Addresses a public receiver never has (RFC 6890 special-purpose ranges that lead inside a network).
// The notifications service checks the resolved address again at send time: a name can point anywhere.
const privateRanges = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  privateRanges.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  privateRanges.addSubnet(network, prefix, 'ipv6');
}

const invalid = (message: string) => new AppError('invalid', 'WEBHOOK_URL_INVALID', message);

/** True for an IP literal in a private, loopback, link-local or unspecified range (IPv4-mapped IPv6 too). */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return privateRanges.check(address, 'ipv4');
  if (version !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped !== undefined) return privateRanges.check(mapped, 'ipv4');
  return privateRanges.check(address, 'ipv6');
}

/**
 * The URL as it will be stored, or 400 WEBHOOK_URL_INVALID: absolute, https (http only where allowed), no
 * user or password (secrets in a URL end up in logs), no fragment, and no private, loopback or link-local
 * IP literal or `localhost` unless allowed.
 */
export function checkWebhookUrl(text: string, rules: WebhookUrlRules): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('the URL is not an absolute URL');
  }
  const schemes = rules.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw invalid(`the URL must start with ${schemes.join(' or ')}//`);
  if (url.username !== '' || url.password !== '') throw invalid('the URL must not hold a user or password');
  if (url.hash !== '') throw invalid('the URL must not have a fragment');
  // WHATWG URL keeps IPv6 literals in brackets and turns 0x7f.1 and the like into dotted IPv4.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const isLocalName = host === 'localhost' || host.endsWith('.localhost');
  if (!rules.allowPrivateHosts && (isLocalName || isPrivateAddress(host))) {
    throw invalid('the URL names a private, loopback or link-local host');
  }
  return url.href;
}
