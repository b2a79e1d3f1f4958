import { createPasswordHashing, passwordHashParameters } from './password-hashing';

const passwords = createPasswordHashing();
const hashPassword = (password: string) => passwords.hash(password);
const verifyPassword = (password: string, stored: string) => passwords.verify(password, stored);

describe('password hashing', () => {
  it('a hash names scrypt and its parameters, and only its password matches it', async () => {
    const hash = await hashPassword('correct horse battery staple');
    const { cost, blockSize, parallelization } = passwordHashParameters;
    expect(hash.startsWith(`scrypt$${cost}$${blockSize}$${parallelization}$`)).toBe(true);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
  });

  it('the same password hashes differently each time (a random salt)', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('a password is compared in Unicode NFC: the composed and decomposed forms of é match', async () => {
    const hash = await hashPassword('caf\u00e9 au lait!');
    expect(await verifyPassword('cafe\u0301 au lait!', hash)).toBe(true);
  });

  it('a hash made with other parameters still verifies with its own', async () => {
    const cheap = createPasswordHashing({ ...passwordHashParameters, cost: 2 ** 10, parallelization: 1 });
    const hash = await cheap.hash('older password');
    expect(hash.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('older password', hash)).toBe(true);
    expect(await verifyPassword('other password', hash)).toBe(false);
  });

  it('a hash of another kind matches nothing', async () => {
    expect(await verifyPassword('password', 'bcrypt$2b$10$abc')).toBe(false);
  });
});
