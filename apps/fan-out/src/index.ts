// What a host composing several services in one process (hosts/embedded) starts fan-out with.
export { loadFanOutSettings } from './config';
export type { FanOutSettings } from './config';
export { buildFanOutHttpApp } from './entry-points/http-app';
export { startFanOut } from './fan-out';
export type { FanOut, FanOutDeps } from './fan-out';
