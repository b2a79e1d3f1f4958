import { isAppError } from '@homeport/errors';
import { parseArgs } from 'node:util';
import { createPgUserRepository } from '../../adapters/pg-user.repository';
import { createPgOperatorRepository } from '../../adapters/pg-operators.repository';
import { createPgVendorMemberRepository } from '../../adapters/pg-vendor-member.repository';
import type { Pool } from '../../adapters/postgres';
import { normalizeEmail } from '../../domain/users';
import { grantOperator, type OperatorGrantOutcome } from '../../domain/operators';
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
  The vendor is broker-api's vendor id; whether broker-api knows it is not checked.
usage: node dist/admin.js operator --email <address>
  Makes the user with <address> (signed up, address verified) a platform operator: the console's
  Operations page (every service's health, the queues and their dead letters).`;

const grantMessages: Record<AdminGrantOutcome, (email: string, vendorId: string) => string> = {
  added: (email, vendorId) => `${email} is now an admin of ${vendorId}`,
  promoted: (email, vendorId) => `${email} was a developer of ${vendorId} and is now an admin`,
  already_admin: (email, vendorId) => `${email} is already an admin of ${vendorId}; nothing changed`,
};

const operatorMessages: Record<OperatorGrantOutcome, (email: string) => string> = {
  added: (email) => `${email} is now a platform operator`,
  already_operator: (email) => `${email} is already a platform operator; nothing changed`,
};

/** A command's request, and what running it writes. */
type AdminRequest =
  | { readonly command: 'vendor-admin'; readonly vendorId: string; readonly email: string }
  | { readonly command: 'operator'; readonly email: string };

function readAdminArgs(argv: readonly string[]): AdminRequest | undefined {
  const [command, ...args] = argv;
  try {
    const { values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        ...(command === 'vendor-admin' && { vendor: { type: 'string' } }),
      },
      strict: true,
    });
    const { email, vendor } = values as { email?: string; vendor?: string };
    if (email === undefined) return undefined;
    if (command === 'operator') return { command, email };
    if (command === 'vendor-admin' && vendor !== undefined) return { command, vendorId: vendor, email };
    return undefined;
  } catch {
    // parseArgs throws on an unknown option or a missing value: the usage says what is expected.
    return undefined;
  }
}

/** Runs the command's use case; what it did, as a line for the operator. */
async function runRequest(request: AdminRequest, pool: Pool): Promise<string> {
  const users = createPgUserRepository(pool);
  const email = normalizeEmail(request.email);
  if (request.command === 'operator') {
    const outcome = await grantOperator({ users, operators: createPgOperatorRepository(pool) }, email);
    return operatorMessages[outcome](email);
  }
  const vendorMembers = createPgVendorMemberRepository(pool);
  const outcome = await grantVendorAdmin({ users, vendorMembers }, request);
  return grantMessages[outcome](email, request.vendorId);
}

/**
 * public-api's operator commands against its database: `vendor-admin` (the first admin of a vendor) and
 * `operator` (a platform operator). The refusals are AppErrors of the use case, written as their message.
 */
export async function runAdminCommand(
  argv: readonly string[],
  deps: { readonly pool: Pool },
  output: CommandOutput,
): Promise<ExitCode> {
  const request = readAdminArgs(argv);
  if (request === undefined) {
    output.error(adminUsage);
    return 2;
  }
  try {
    output.info(await runRequest(request, deps.pool));
    return 0;
  } catch (error) {
    if (!isAppError(error) || error.kind === 'unavailable' || error.kind === 'internal') throw error;
    output.error(`refused (${error.code}): ${error.message}`);
    return 1;
  }
}
