import type {
  AutomationList,
  AutomationRequest,
  AutomationResponse,
  AutomationRunList,
} from '@homeport/contracts';

/** Port: a home's automations and run log, kept by geofencing (its internal API); every call names the home. */
export interface HomeAutomations {
  list(homeId: string): Promise<AutomationList>;
  get(homeId: string, automationId: string): Promise<AutomationResponse>;
  create(homeId: string, request: AutomationRequest): Promise<AutomationResponse>;
  replace(homeId: string, automationId: string, request: AutomationRequest): Promise<AutomationResponse>;
  remove(homeId: string, automationId: string): Promise<void>;
  listRuns(homeId: string, limit: number): Promise<AutomationRunList>;
}
