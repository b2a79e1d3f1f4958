export { AppError, errorKinds, isAppError, isTransient } from './app-error';
export type { ErrorDetails, ErrorKind } from './app-error';
