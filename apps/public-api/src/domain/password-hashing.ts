import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt (RFC 7914) with N = 2^15, r = 8, p = 3: 32 MiB and about as much work as OWASP's first choice
 * (N = 2^17, r = 8, p = 1) with a quarter of its memory per login; a 16-byte random salt, a 32-byte key.
 * The parameters are stored with each hash, so raising them later leaves older hashes verifiable.
 */
export const passwordHashParameters = {
  cost: 2 ** 15,
  blockSize: 8,
  parallelization: 3,
  keyLength: 32,
  saltLength: 16,
};

const prefix = 'scrypt';
// scrypt needs 128 * N * r bytes; Node refuses more than maxmem (32 MiB by default, exactly our need).
const maxmem = 64 * 1024 * 1024;

function deriveKey(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { ...options, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** Hashes a password: `scrypt$<N>$<r>$<p>$<salt>$<key>` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const { cost: N, blockSize: r, parallelization: p, keyLength, saltLength } = passwordHashParameters;
  const salt = randomBytes(saltLength);
  const key = await deriveKey(password, salt, keyLength, { N, r, p });
  return [prefix, N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` is the one `stored` was made from (compared in constant time). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [name, N, r, p, salt, key] = stored.split('$');
  if (name !== prefix || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  const derived = await deriveKey(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(N),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(derived, expected);
}
