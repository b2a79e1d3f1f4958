import type { VendorMembershipList } from '@homeport/contracts';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runAdminCommand, type CommandOutput } from '../../src/entry-points/cli/admin-commands';
import { type SharedTestEnvironment, type TestEnvironment, type TestInstance } from '../support/environment';
import { createVendorCalls, createVendorId } from '../support/vendors';

const repositoryRoot = join(__dirname, '../../../..');

export function describeAdminCli(shared: SharedTestEnvironment): void {
  describe('public-api operator command: the first admin of a vendor', () => {
    let environment: TestEnvironment;
    let instance: TestInstance;

    beforeAll(async () => {
      environment = shared.begin();
      instance = await environment.startInstance();
    });
    afterAll(async () => {
      await environment.close();
    });

    /** Runs the command in process, answering its exit code and what it wrote. */
    async function run(...argv: string[]) {
      const lines: string[] = [];
      const output: CommandOutput = { info: (line) => lines.push(line), error: (line) => lines.push(line) };
      const code = await runAdminCommand(argv, { pool: environment.pool }, output);
      return { code, output: lines.join('\n') };
    }
    const vendorsOf = async (token: string) =>
      (await instance.api<VendorMembershipList>('GET', '/v1/vendors', undefined, token)).body.items;

    it('makes a verified user admin of the vendor, who can then invite and make keys; a second run changes nothing', async () => {
      const user = await instance.createUser();
      const vendorId = createVendorId();
      expect(
        await run('vendor-admin', '--vendor', vendorId, '--email', ` ${user.email.toUpperCase()} `),
      ).toEqual({
        code: 0,
        output: `${user.email} is now an admin of ${vendorId}`,
      });
      expect(await vendorsOf(user.tokens.accessToken)).toEqual([{ vendorId, role: 'admin' }]);
      await createVendorCalls(instance).createKey(user, vendorId, ['devices:read']);
      expect(await run('vendor-admin', '--vendor', vendorId, '--email', user.email)).toMatchObject({
        code: 0,
        output: expect.stringContaining('already an admin') as unknown,
      });
    });

    it('promotes a developer of the vendor to admin', async () => {
      const admin = await instance.createUser();
      const developer = await instance.createUser();
      const vendorId = createVendorId();
      await run('vendor-admin', '--vendor', vendorId, '--email', admin.email);
      await createVendorCalls(instance).addMember(admin, vendorId, developer, 'developer');
      expect(await run('vendor-admin', '--vendor', vendorId, '--email', developer.email)).toEqual({
        code: 0,
        output: `${developer.email} was a developer of ${vendorId} and is now an admin`,
      });
      expect(await vendorsOf(developer.tokens.accessToken)).toEqual([{ vendorId, role: 'admin' }]);
    });

    it('refuses an unknown address, an unverified one and a malformed vendor id with a clear message (exit 1), changing nothing', async () => {
      const unverified = await instance.createUser({ verified: false });
      const vendorId = createVendorId();
      expect(await run('vendor-admin', '--vendor', vendorId, '--email', 'nobody@example.com')).toEqual({
        code: 1,
        output: 'refused (USER_NOT_FOUND): no account has the address nobody@example.com: sign up first',
      });
      expect(await run('vendor-admin', '--vendor', vendorId, '--email', unverified.email)).toEqual({
        code: 1,
        output: `refused (EMAIL_NOT_VERIFIED): ${unverified.email} is not verified yet: confirm it with the emailed link first`,
      });
      expect(
        await run('vendor-admin', '--vendor', 'acme/devices', '--email', unverified.email),
      ).toMatchObject({
        code: 1,
        output: expect.stringContaining('VENDOR_ID_INVALID') as unknown,
      });
      const rows = await environment.pool.query(
        'SELECT * FROM public_api.vendor_members WHERE vendor_id = $1',
        [vendorId],
      );
      expect(rows.rows).toEqual([]);
    });

    it('makes a verified user a platform operator, once; an unverified one is refused', async () => {
      const user = await instance.createUser();
      expect(await run('operator', '--email', user.email)).toEqual({
        code: 0,
        output: `${user.email} is now a platform operator`,
      });
      expect(await run('operator', '--email', user.email)).toEqual({
        code: 0,
        output: `${user.email} is already a platform operator; nothing changed`,
      });
      const access = await instance.api<{ operator: boolean }>(
        'GET',
        '/v1/operations/access',
        undefined,
        user.tokens.accessToken,
      );
      expect(access.body).toEqual({ operator: true });
      const unverified = await instance.createUser({ verified: false });
      expect(await run('operator', '--email', unverified.email)).toMatchObject({
        code: 1,
        output: expect.stringContaining('EMAIL_NOT_VERIFIED') as unknown,
      });
    });

    it.each([
      [[]],
      [['vendor-admin', '--vendor', 'acme']],
      [['vendor-admin', '--vendor', 'acme', '--email', 'a@example.com', '--force']],
      [['make-admin', '--vendor', 'acme', '--email', 'a@example.com']],
      [['operator']],
      [['operator', '--vendor', 'acme', '--email', 'a@example.com']],
    ])('prints the usage and exits 2 for %j', async (argv: string[]) => {
      expect(await run(...argv)).toEqual({
        code: 2,
        output: expect.stringContaining('usage: node dist/admin.js') as unknown,
      });
    });

    it('runs as its own process against DATABASE_URL (as `node dist/admin.js` in the image), exit code and message included', async () => {
      const user = await instance.createUser();
      const vendorId = createVendorId();
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          'apps/public-api/src/admin.ts',
          'vendor-admin',
          '--vendor',
          vendorId,
          '--email',
          user.email,
        ],
        {
          cwd: repositoryRoot,
          env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: environment.databaseUrl },
        },
      );
      expect(stdout).toBe(`${user.email} is now an admin of ${vendorId}\n`);
    });
  });
}
