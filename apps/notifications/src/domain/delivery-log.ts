import type { DeliveryLogPage, DeliveryLogQuery } from '@homeport/contracts';

/** Which attempts to read: one user's (undefined: everyone's, for operators), newest first. */
export interface DeliveryLogFilter extends Omit<DeliveryLogQuery, 'limit'> {
  readonly userId: string | undefined;
  readonly limit: number;
}

/** The delivery log, readable by the user it is about and by operators; addresses are never in it. */
export interface DeliveryLogReader {
  page(filter: DeliveryLogFilter): Promise<DeliveryLogPage>;
}
