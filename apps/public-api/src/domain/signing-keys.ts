import { createPrivateKey, createPublicKey } from 'node:crypto';

/** An Ed25519 JSON Web Key (RFC 8037) with its key id; `d` only in the private key. */
export interface Ed25519Jwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly kid: string;
  readonly x: string;
  readonly d?: string;
}

/** The keys of the access tokens: the one they are signed with, and every key a token may be verified with. */
export interface SigningKeys {
  readonly signing: Ed25519Jwk & { readonly d: string };
  /** The signing key's public part first, then the keys still accepted (rotation). */
  readonly verifying: readonly Ed25519Jwk[];
}

type Parsed<T> = { readonly value: T } | { readonly problem: string };

const base64url = /^[A-Za-z0-9_-]{43}$/;

function readJwk(value: unknown, needsPrivate: boolean): Parsed<Ed25519Jwk> {
  if (typeof value !== 'object' || value === null) return { problem: 'not a JSON object' };
  const jwk = value as Record<string, unknown>;
  if (jwk['kty'] !== 'OKP' || jwk['crv'] !== 'Ed25519') {
    return { problem: 'not an Ed25519 key (kty OKP, crv Ed25519)' };
  }
  const { kid, x, d } = jwk;
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 64) {
    return { problem: 'has no kid (1-64 characters)' };
  }
  if (typeof x !== 'string' || !base64url.test(x)) {
    return { problem: `key ${kid}: x is not a 32-byte base64url value` };
  }
  if (!needsPrivate) {
    if (d !== undefined) return { problem: `key ${kid}: holds a private key (d); list public keys only` };
    return { value: { kty: 'OKP', crv: 'Ed25519', kid, x } };
  }
  if (typeof d !== 'string' || !base64url.test(d)) {
    return { problem: `key ${kid}: d (the private key) is missing or not a 32-byte base64url value` };
  }
  if (derivePublicX(d) !== x)
    return { problem: `key ${kid}: x is not the public key of d (no token would verify)` };
  return { value: { kty: 'OKP', crv: 'Ed25519', kid, x, d } };
}

/** The public key (x) of an Ed25519 private key (d): Node imports a JWK without checking that they match. */
function derivePublicX(d: string): string | undefined {
  const privateKey = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x: d }, format: 'jwk' });
  return createPublicKey(privateKey).export({ format: 'jwk' }).x;
}

function parseJson(text: string): Parsed<unknown> {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { problem: 'not valid JSON' };
  }
}

/** One problem of a key setting (the value is never repeated: it is a secret). */
export interface SigningKeyProblem {
  readonly key: 'JWT_SIGNING_KEY' | 'JWT_ACCEPTED_KEYS';
  readonly reason: string;
}

/** Reads JWT_SIGNING_KEY and JWT_ACCEPTED_KEYS: the keys, or every problem with them. */
export function readSigningKeys(
  signingKeyJson: string,
  acceptedKeysJson: string,
): { readonly keys: SigningKeys } | { readonly problems: readonly SigningKeyProblem[] } {
  const problems: SigningKeyProblem[] = [];
  const signingJson = parseJson(signingKeyJson);
  const signing = 'value' in signingJson ? readJwk(signingJson.value, true) : signingJson;
  if ('problem' in signing) problems.push({ key: 'JWT_SIGNING_KEY', reason: signing.problem });

  const acceptedJson = parseJson(acceptedKeysJson);
  const accepted: Ed25519Jwk[] = [];
  if ('problem' in acceptedJson) problems.push({ key: 'JWT_ACCEPTED_KEYS', reason: acceptedJson.problem });
  else if (!Array.isArray(acceptedJson.value)) {
    problems.push({ key: 'JWT_ACCEPTED_KEYS', reason: 'not a JSON array of public JWKs' });
  } else {
    for (const entry of acceptedJson.value as unknown[]) {
      const key = readJwk(entry, false);
      if ('problem' in key) problems.push({ key: 'JWT_ACCEPTED_KEYS', reason: key.problem });
      else accepted.push(key.value);
    }
  }
  if ('value' in signing) {
    const kids = [signing.value.kid, ...accepted.map((key) => key.kid)];
    const repeated = kids.filter((kid, index) => kids.indexOf(kid) !== index);
    if (repeated.length > 0) {
      problems.push({
        key: 'JWT_ACCEPTED_KEYS',
        reason: `repeats kid ${[...new Set(repeated)].join(', ')}: each key needs its own`,
      });
    }
  }
  if (problems.length > 0 || !('value' in signing)) return { problems };
  const { d: _private, ...signingPublic } = signing.value;
  return {
    keys: { signing: signing.value as SigningKeys['signing'], verifying: [signingPublic, ...accepted] },
  };
}

/** The problems of the key settings, for the config check at start. */
export function explainSigningKeyProblems(
  signingKeyJson: string,
  acceptedKeysJson: string,
): readonly SigningKeyProblem[] {
  const read = readSigningKeys(signingKeyJson, acceptedKeysJson);
  return 'problems' in read ? read.problems : [];
}
