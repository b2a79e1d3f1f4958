import type { ApiAnswer } from '../api/console-api';

/**
 * A device just provisioned, with its claim code and QR payload: public-api shows them in this answer only,
 * and the console keeps them in the page's memory only (never in storage or the URL).
 */
export type ProvisionedDevice = ApiAnswer<'/v1/vendors/{vendorId}/devices', 'post', 201>;
