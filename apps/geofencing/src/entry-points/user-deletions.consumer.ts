import { geofencingUserDeletionsQueue, userDeletedV1 } from '@homeport/contracts';
import type { ConsumeOptions, Consumer, MessageBus } from '@homeport/messaging';

/** Consumes geofencing.user-deletions: each deleted account forgotten (a redelivery finds nothing left). */
export function startUserDeletionsConsumer(deps: {
  readonly bus: MessageBus;
  readonly forget: (userId: string) => Promise<number>;
  /** Called when forgetting recorded events: the relay and the automation worker take them at once. */
  readonly onEventsRecorded: () => void;
  readonly options: ConsumeOptions;
}): Promise<Consumer> {
  return deps.bus.consume(
    geofencingUserDeletionsQueue,
    {
      [userDeletedV1.type]: async (deletion) => {
        if ((await deps.forget(deletion.userId)) > 0) deps.onEventsRecorded();
      },
    },
    deps.options,
  );
}
