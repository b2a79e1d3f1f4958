import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The scrypt parameters of new hashes (N, r, p) and their sizes. */
export interface PasswordHashParameters {
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
  readonly keyLength: number;
  readonly saltLength: number;
}

/**
 * scrypt (RFC 7914) with N = 2^15, r = 8, p = 3: 32 MiB and about as much work as OWASP's first choice
 * (N = 2^17, r = 8, p = 1) with a quarter of its memory per login; a 16-byte random salt, a 32-byte key.
 * The parameters are stored with each hash, so raising them later leaves older hashes verifiable.
 */
export const passwordHashParameters: PasswordHashParameters = {
  cost: 2 ** 15,
  blockSize: 8,
  parallelization: 3,
  keyLength: 32,
  saltLength: 16,
};

/** Makes and checks password hashes. */
export interface PasswordHashing {
  /** Hashes a password: `scrypt$<N>$<r>$<p>$<salt>$<key>` (base64url). */
  hash(password: string): Promise<string>;
  /** True when `password` is the one `stored` was made from (compared in constant time), whatever its parameters. */
  verify(password: string, stored: string): Promise<boolean>;
}

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

async function verifyPassword(password: string, stored: string): Promise<boolean> {
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

/**
 * Password hashing with scrypt: the production parameters unless told otherwise (the component tests make
 * hundreds of accounts and pass cheaper ones; what a hash stores is what verifies it).
 */
export function createPasswordHashing(
  parameters: PasswordHashParameters = passwordHashParameters,
): PasswordHashing {
  const { cost: N, blockSize: r, parallelization: p, keyLength, saltLength } = parameters;
  return {
    async hash(password) {
      const salt = randomBytes(saltLength);
      const key = await deriveKey(password, salt, keyLength, { N, r, p });
      return [prefix, N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
    },
    verify: verifyPassword,
  };
}
