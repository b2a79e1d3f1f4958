import { AppError } from '@homeport/errors';
import type { AccountErasures } from './account-deletion';
import type { AssistantDevices } from './assistant-devices';
import type { AuditLog } from './audit';
import type { AutomationService } from './automation-service';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import { requireCurrentPassword } from './current-password';
import type { HomeAlertService } from './home-alert-service';
import type { HomeDeviceService } from './home-device-service';
import type { HomeService } from './home-service';
import type { HomeRepository } from './homes';
import type { PasswordHashing } from './password-hashing';
import type { SessionRepository } from './sessions';
import type { UserRepository } from './users';
import type { VendorService } from './vendor-service';
import type { VendorMemberRepository } from './vendors';

/** What deleting an account needs: the use cases it reuses for each home and vendor, and the erasure. */
export interface AccountDeletionServiceDeps {
  readonly users: UserRepository;
  readonly passwords: PasswordHashing;
  readonly homes: HomeRepository;
  readonly vendorMembers: VendorMemberRepository;
  readonly homeService: Pick<HomeService, 'removeMember'>;
  readonly homeDevices: Pick<HomeDeviceService, 'listDevices' | 'release'>;
  readonly automations: Pick<AutomationService, 'list' | 'remove'>;
  readonly homeAlerts: Pick<HomeAlertService, 'listRules' | 'deleteRule' | 'listVendorDefaults' | 'unmute'>;
  readonly vendors: Pick<VendorService, 'removeMember'>;
  /** Ending the sessions first tells every replica's cache of them. */
  readonly sessions: SessionRepository;
  readonly erasures: AccountErasures;
  /** The devices the person's assistants see, listed for Alexa's DeleteReport. */
  readonly assistantDevices: Pick<AssistantDevices, 'list'>;
  /** Starts telling the assistants what the erasure left for them, without waiting (assistant-farewells.ts). */
  readonly tellAssistants: () => void;
  /** Publishes the waiting `user.deleted` events (the outbox relay's round); a failure leaves them for it. */
  readonly publishDeletions: () => Promise<unknown>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly onPublishFailed: (error: unknown) => void;
}

/** What happens to each home of the person: they leave it, or it goes with them (they are its only member). */
interface AccountDeletionPlan {
  readonly leaveHomes: readonly string[];
  readonly deleteHomes: readonly string[];
  readonly leaveVendors: readonly string[];
}

const pageSize = 100;

/**
 * Deletes the caller's account: every check first, so a refusal changes nothing; then each home is left or
 * emptied and deleted through the existing use cases (audited as they are), each vendor left, and the user's
 * own data erased in one transaction with the outbox row of `user.deleted` and the farewells to the user's
 * Alexa and Google links, told after the answer.
 */
export function createAccountDeletionService(deps: AccountDeletionServiceDeps) {
  const { homes, vendorMembers, clock } = deps;

  async function planDeletion(userId: string): Promise<AccountDeletionPlan> {
    const homeScope = await homes.loadScope(userId);
    const plan = { leaveHomes: [] as string[], deleteHomes: [] as string[], leaveVendors: [] as string[] };
    const blockingHomes: { homeId: string; name: string }[] = [];
    for (const home of await homes.listHomes(homeScope)) {
      const members = await homes.listMembers(homeScope, home.id);
      const owners = members.filter((member) => member.role === 'owner');
      if (members.length <= 1) plan.deleteHomes.push(home.id);
      else if (home.role === 'owner' && owners.length === 1)
        blockingHomes.push({ homeId: home.id, name: home.name });
      else plan.leaveHomes.push(home.id);
    }
    const vendorScope = await vendorMembers.loadScope(userId);
    const blockingVendors: { vendorId: string }[] = [];
    for (const [vendorId, role] of vendorScope.roles) {
      const members = await vendorMembers.listMembers(vendorScope, vendorId);
      const admins = members.filter((member) => member.role === 'admin');
      if (role === 'admin' && admins.length === 1) blockingVendors.push({ vendorId });
      else plan.leaveVendors.push(vendorId);
    }
    if (blockingHomes.length > 0 || blockingVendors.length > 0) {
      throw lastManagerRefusal(blockingHomes, blockingVendors);
    }
    return plan;
  }

  /** The home's devices go back to their vendor unclaimed; its automations, rules and mutes are deleted. */
  async function emptyHome(caller: UserCaller, homeId: string): Promise<void> {
    for (;;) {
      const page = await deps.homeDevices.listDevices(caller, homeId, { limit: pageSize });
      if (page.items.length === 0) break;
      for (const device of page.items) await deps.homeDevices.release(caller, homeId, device.id);
    }
    for (const automation of (await deps.automations.list(caller, homeId)).items) {
      await deps.automations.remove(caller, homeId, automation.id);
    }
    for (;;) {
      const rules = await deps.homeAlerts.listRules(caller, homeId, pageSize);
      if (rules.length === 0) break;
      for (const rule of rules) await deps.homeAlerts.deleteRule(caller, homeId, rule.id);
    }
    for (const vendorRule of await deps.homeAlerts.listVendorDefaults(caller, homeId)) {
      if (vendorRule.muted) await deps.homeAlerts.unmute(caller, homeId, vendorRule.rule.id);
    }
  }

  return {
    /**
     * With the person's own session and current password only. A home the person alone owns while others
     * remain, or a vendor they alone administer, refuses the whole deletion (409) before anything changes.
     */
    async deleteAccount(caller: UserCaller, currentPassword: string): Promise<void> {
      if (caller.credential.kind !== 'session') {
        throw new AppError(
          'forbidden',
          'SESSION_REQUIRED',
          "only the person's own session deletes the account",
        );
      }
      const user = await requireCurrentPassword(deps, caller, currentPassword);
      const plan = await planDeletion(user.id);
      // Listed while the homes still hold the devices (emptying one releases them): the endpoints Alexa forgets.
      const alexaEndpointIds = (await deps.erasures.hasAlexaLink(user.id))
        ? (await deps.assistantDevices.list(caller)).map((device) => device.id)
        : [];
      for (const homeId of plan.deleteHomes) await emptyHome(caller, homeId);
      for (const homeId of plan.leaveHomes) await deps.homeService.removeMember(caller, homeId, user.id);
      for (const vendorId of plan.leaveVendors) await deps.vendors.removeMember(caller, vendorId, user.id);
      const deletedAt = clock.now();
      await deps.sessions.endUserSessions(user.id, 'account_deleted', deletedAt);
      await deps.erasures.erase({
        userId: user.id,
        email: user.email,
        homeIds: plan.deleteHomes,
        alexaEndpointIds,
        deletedAt,
      });
      await deps.audit.record({
        caller,
        at: deletedAt,
        action: 'account.deleted',
        outcome: 'succeeded',
        details: {
          deletedHomes: plan.deleteHomes,
          leftHomes: plan.leaveHomes,
          leftVendors: plan.leaveVendors,
        },
      });
      // Amazon's and Google's answers are not waited for: the farewells are stored, and told by their rounds.
      deps.tellAssistants();
      // In the outbox already: a failure here leaves the event to the relay's next round.
      await deps.publishDeletions().catch(deps.onPublishFailed);
    },
  };
}

function lastManagerRefusal(
  homes: readonly { homeId: string; name: string }[],
  vendors: readonly { vendorId: string }[],
): AppError {
  const named = [
    ...homes.map((home) => `home "${home.name}"`),
    ...vendors.map((vendor) => `vendor ${vendor.vendorId}`),
  ].join(', ');
  return new AppError(
    'conflict',
    homes.length > 0 ? 'ACCOUNT_LAST_HOME_OWNER' : 'ACCOUNT_LAST_VENDOR_ADMIN',
    `the account is the only owner or admin of ${named}: make someone else owner or admin first`,
    { details: { homes, vendors } },
  );
}

/** The account deletion use case. */
export type AccountDeletionService = ReturnType<typeof createAccountDeletionService>;
