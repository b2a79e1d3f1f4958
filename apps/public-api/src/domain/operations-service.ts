import type {
  OperatorAccessResponse,
  PlatformHealthResponse,
  QueueOverviewResponse,
} from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { AuditLog } from './audit';
import type { UserCaller } from './callers';
import type { Clock } from './clock';
import { equalsInConstantTime } from './secret-tokens';
import type { PlatformHealth, QueueOverview } from './operations';
import type { OperatorRepository } from './operators';

/** What the operations use cases need. */
export interface OperationsServiceDeps {
  readonly operators: OperatorRepository;
  readonly health: PlatformHealth;
  readonly queues: QueueOverview;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /**
   * The embedded platform's operators' join code (`npm start` prints it in its banner); undefined in every
   * deployment, where operators are made by the admin command only.
   */
  readonly joinCode?: string;
}

const notOperator = () =>
  new AppError('forbidden', 'NOT_OPERATOR', 'only the platform operators see the operations pages');

/** The platform's health and queues, for its operators only. */
export function createOperationsService(deps: OperationsServiceDeps) {
  const { operators, audit, clock } = deps;
  const requireOperator = async (caller: UserCaller): Promise<void> => {
    if (!(await operators.isOperator(caller.userId))) throw notOperator();
  };
  return {
    async readAccess(caller: UserCaller): Promise<OperatorAccessResponse> {
      return { operator: await operators.isOperator(caller.userId) };
    },

    async readHealth(caller: UserCaller): Promise<PlatformHealthResponse> {
      await requireOperator(caller);
      const checkedAt = clock.now();
      return { checkedAt: checkedAt.toISOString(), services: await deps.health.read() };
    },

    async readQueues(caller: UserCaller, deadLettersPerQueue: number): Promise<QueueOverviewResponse> {
      await requireOperator(caller);
      const checkedAt = clock.now();
      return { checkedAt: checkedAt.toISOString(), queues: await deps.queues.read(deadLettersPerQueue) };
    },

    /**
     * The caller becomes an operator with the embedded platform's join code; without one configured it is 404
     * (nobody becomes an operator of a deployment this way). A wrong code is refused and audited.
     */
    async join(caller: UserCaller, code: string): Promise<OperatorAccessResponse> {
      const { joinCode } = deps;
      if (joinCode === undefined) {
        throw new AppError(
          'not_found',
          'OPERATOR_JOIN_UNAVAILABLE',
          'operators are made by the admin command',
        );
      }
      const accepted = equalsInConstantTime(code, joinCode);
      const grant = accepted ? await operators.grant(caller.userId, 'join-code') : undefined;
      await audit.record({
        caller,
        at: clock.now(),
        action: 'operator.joined',
        outcome: accepted ? 'succeeded' : 'refused',
        details: { joinedWith: 'operator-join-code', ...(grant !== undefined && { grant }) },
      });
      if (!accepted) {
        throw new AppError(
          'forbidden',
          'JOIN_CODE_INVALID',
          'this code does not make you an operator: open the link the terminal running npm start printed',
        );
      }
      return { operator: true };
    },
  };
}

/** The operations use cases. */
export type OperationsService = ReturnType<typeof createOperationsService>;
