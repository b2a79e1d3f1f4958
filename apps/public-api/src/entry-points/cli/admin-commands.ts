import { isAppError } from '@homeport/errors';
import { parseArgs } from 'node:util';
import { createPgUserRepository } from '../../adapters/pg-user.repository';
import { createPgVendorMemberRepository } from '../../adapters/pg-vendor-member.repository';
import type { Pool } from '../../adapters/postgres';
import { normalizeEmail } from '../../domain/users';
import { grantVendorAdmin } from '../../domain/vendor-admins';
import type { AdminGrantOutcome } from '../../domain/vendors';

/** How the command ended: 0 done, 1 refused (the message says why), 2 not understood (usage). */
export type ExitCode = 0 | 1 | 2;

/** Where the command writes what it did, or why not. */
export interface CommandOutput {
  info(line: string): void;
  error(line: string): void;
}

export const adminUsage = `usage: node dist/admin.js vendor-admin --vendor <vendorId> --email <address>
  Makes the user with <address> (signed up, address verified) an admin of <vendorId>.
  The vendor is broker-api's vendor id; whether broker-api knows it is not checked.`;

const grantMessages: Record<AdminGrantOutcome, (email: string, vendorId: string) => string> = {
  added: (email, vendorId) => `${email} is now an admin of ${vendorId}`,
  promoted: (email, vendorId) => `${email} was a developer of ${vendorId} and is now an admin`,
  already_admin: (email, vendorId) => `${email} is already an admin of ${vendorId}; nothing changed`,
};

function readVendorAdminArgs(args: readonly string[]): { vendorId: string; email: string } | undefined {
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { vendor: { type: 'string' }, email: { type: 'string' } },
      strict: true,
    });
    if (values.vendor === undefined || values.email === undefined) return undefined;
    return { vendorId: values.vendor, email: values.email };
  } catch {
    // parseArgs throws on an unknown option or a missing value: the usage says what is expected.
    return undefined;
  }
}

/**
 * public-api's operator commands against its database (today one: `vendor-admin`, the first admin of a
 * vendor). The refusals are AppErrors of the use case, written as their message.
 */
export async function runAdminCommand(
  argv: readonly string[],
  deps: { readonly pool: Pool },
  output: CommandOutput,
): Promise<ExitCode> {
  const [command, ...rest] = argv;
  const request = command === 'vendor-admin' ? readVendorAdminArgs(rest) : undefined;
  if (request === undefined) {
    output.error(adminUsage);
    return 2;
  }
  const repositories = {
    users: createPgUserRepository(deps.pool),
    vendorMembers: createPgVendorMemberRepository(deps.pool),
  };
  try {
    const outcome = await grantVendorAdmin(repositories, request);
    output.info(grantMessages[outcome](normalizeEmail(request.email), request.vendorId));
    return 0;
  } catch (error) {
    if (!isAppError(error) || error.kind === 'unavailable' || error.kind === 'internal') throw error;
    output.error(`refused (${error.code}): ${error.message}`);
    return 1;
  }
}
