// The transport moved to libs/http (geofencing calls broker-api with it too); public-api's adapters import it here.
export { createInternalApiTransport } from '@homeport/http';
export type {
  InternalApiQuery,
  InternalApiSend,
  InternalApiTransport,
  InternalApiTransportOptions,
} from '@homeport/http';
