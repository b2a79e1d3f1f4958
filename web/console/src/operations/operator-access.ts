import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Loaded } from '../layout/use-loaded';

/** Whether the signed-in person is a platform operator (GET /v1/operations/access), and reading it again. */
export interface OperatorAccess {
  readonly state: Loaded<boolean>;
  reload(): void;
}

/** Provided by the signed-in app. */
export const OperatorAccessContext = createContext<OperatorAccess | undefined>(undefined);

/** The signed-in person's operator access; only pages under the signed-in app call it. */
export function useOperatorAccess(): OperatorAccess {
  const access = useContext(OperatorAccessContext);
  if (access === undefined) throw new Error('useOperatorAccess outside the signed-in app');
  return access;
}

/** True once it is known that the person is an operator (the navigation's Operations link). */
export function isOperator(access: OperatorAccess): boolean {
  return access.state.status === 'loaded' && access.state.value;
}
