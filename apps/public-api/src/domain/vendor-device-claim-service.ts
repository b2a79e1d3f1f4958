import { AppError, isAppError } from '@homeport/errors';
import type { AuditLog } from './audit';
import type { Caller } from './callers';
import type { Clock } from './clock';
import type { DeviceClaims, DeviceWithClaimCode } from './device-claims';
import type { VendorAccess } from './vendor-access';

/** What the vendors' provisioning use cases need. */
export interface VendorDeviceClaimServiceDeps {
  readonly access: VendorAccess;
  readonly devices: DeviceClaims;
  readonly audit: AuditLog;
  readonly clock: Clock;
}

/** A device to provision: one of the vendor's products, an id and a name when the vendor picks them. */
type ProvisionRequest = { productId: string; id?: string; name?: string };

/** What became of one device of a batch, at its index in the request. */
export type BatchProvisionResult =
  | { readonly index: number; readonly outcome: 'created'; readonly device: DeviceWithClaimCode }
  | { readonly index: number; readonly outcome: 'refused'; readonly code: string; readonly message: string };

/** Devices provisioned at once in a batch: fast enough for 1,000, gentle on broker-api. */
const batchConcurrency = 8;

/** Vendors provision devices with a claim code and issue new codes; confined to the caller's vendor. */
export function createVendorDeviceClaimService({
  access,
  devices,
  audit,
  clock,
}: VendorDeviceClaimServiceDeps) {
  const requireVendor = (caller: Caller, vendorId: string) => access.requireOperator(caller, vendorId);
  // A refusal of one device (its id taken, an unknown product, broker-api away) is that device's result, so
  // the devices already made keep their claim codes in the answer; anything else is a bug and fails the call.
  const provisionOne = async (
    vendorId: string,
    request: ProvisionRequest,
    index: number,
  ): Promise<BatchProvisionResult> => {
    try {
      return { index, outcome: 'created', device: await devices.provision(vendorId, request) };
    } catch (error) {
      if (!isAppError(error) || error.kind === 'internal') throw error;
      const message =
        error.kind === 'unavailable' ? 'a dependency is unavailable; retry later' : error.message;
      return { index, outcome: 'refused', code: error.code, message };
    }
  };

  return {
    /** A new unclaimed device of one of the vendor's products; its claim code is in this answer only. */
    async provision(
      caller: Caller,
      vendorId: string,
      request: { productId: string; id?: string; name?: string },
    ): Promise<DeviceWithClaimCode> {
      await requireVendor(caller, vendorId);
      return devices.provision(vendorId, request);
    },

    /**
     * Many devices of the vendor's products in one call, each created or refused on its own (results in the
     * request's order); one audit entry for the batch, with its counts.
     */
    async provisionBatch(
      caller: Caller,
      vendorId: string,
      requests: readonly ProvisionRequest[],
    ): Promise<BatchProvisionResult[]> {
      await requireVendor(caller, vendorId);
      const results: BatchProvisionResult[] = [];
      for (let start = 0; start < requests.length; start += batchConcurrency) {
        // An id repeated within a slice waits for its earlier request, so the batch's outcome is the
        // request order's (the first created, the later refused as taken) rather than a race's.
        const latestOfId = new Map<string, Promise<BatchProvisionResult>>();
        const slice = requests.slice(start, start + batchConcurrency).map((request, offset) => {
          const run = () => provisionOne(vendorId, request, start + offset);
          if (request.id === undefined) return run();
          const result = latestOfId.get(request.id)?.then(run, run) ?? run();
          latestOfId.set(request.id, result);
          return result;
        });
        results.push(...(await Promise.all(slice)));
      }
      const created = results.filter((result) => result.outcome === 'created').length;
      await audit.record({
        caller,
        at: clock.now(),
        action: 'device.batch-provisioned',
        outcome: 'succeeded',
        vendorId,
        details: { created, refused: results.length - created },
      });
      return results;
    },

    /** A new code for the vendor's unclaimed device; the previous one is void (409 DEVICE_CLAIMED if owned). */
    async issueClaimCode(caller: Caller, vendorId: string, deviceId: string): Promise<string> {
      await requireVendor(caller, vendorId);
      const claimCode = await devices.issueClaimCode(vendorId, deviceId);
      if (claimCode === undefined) {
        throw new AppError('not_found', 'DEVICE_NOT_FOUND', 'no such device of this vendor');
      }
      return claimCode;
    },
  };
}

/** The vendors' provisioning use cases. */
export type VendorDeviceClaimService = ReturnType<typeof createVendorDeviceClaimService>;
