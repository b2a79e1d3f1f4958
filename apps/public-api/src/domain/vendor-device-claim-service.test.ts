import { AppError } from '@homeport/errors';
import type { AuditEntry } from './audit';
import type { VendorCaller } from './callers';
import type { DeviceClaims, DeviceWithClaimCode } from './device-claims';
import { createVendorAccess } from './vendor-access';
import { createVendorDeviceClaimService } from './vendor-device-claim-service';
import type { VendorMemberRepository } from './vendors';

const vendorId = 'acme';
const caller: VendorCaller = {
  kind: 'vendor',
  vendorId,
  credential: { kind: 'api-key', keyId: 'key-1' },
  scopes: new Set(['devices:write']),
  address: '127.0.0.1',
};

// A vendor caller's access is decided by its own vendor id: the member repository is never read.
const noMembers: VendorMemberRepository = {
  loadScope: () => Promise.reject(new Error('not read for a vendor caller')),
  listMembers: () => Promise.reject(new Error('not read for a vendor caller')),
  removeMember: () => Promise.reject(new Error('not read for a vendor caller')),
  grantAdmin: () => Promise.reject(new Error('not read for a vendor caller')),
};

/** A registry whose first provisioning answers last, as a slower broker-api request would. */
function createSlowFirstRegistry(): DeviceClaims {
  const taken = new Set<string>();
  let calls = 0;
  const unused = () => Promise.reject(new Error('not used by provisioning'));
  return {
    claim: unused,
    listInHome: unused,
    release: unused,
    move: unused,
    findOfVendor: unused,
    issueClaimCode: unused,
    async provision(owner, request): Promise<DeviceWithClaimCode> {
      calls += 1;
      if (calls === 1) await new Promise((resolve) => setTimeout(resolve, 20));
      const id = request.id ?? `generated-${calls}`;
      if (taken.has(id)) throw new AppError('conflict', 'DEVICE_EXISTS', 'a device with this id exists');
      taken.add(id);
      const device = {
        id,
        vendorId: owner,
        productId: request.productId,
        name: request.name ?? null,
        ownerId: null,
        historySince: null,
        online: false,
        lastSeenAt: null,
        createdAt: '2026-12-05T14:00:00.000Z',
      };
      return { device, claimCode: `code-${id}` };
    },
  };
}

describe('provisioning a batch of devices', () => {
  it('an id repeated in the batch is created for its first request and refused for the later one, whichever answers first', async () => {
    const audit: AuditEntry[] = [];
    const service = createVendorDeviceClaimService({
      access: createVendorAccess(noMembers),
      devices: createSlowFirstRegistry(),
      audit: { record: (entry) => Promise.resolve(void audit.push(entry)) },
      clock: { now: () => new Date('2026-12-05T14:00:00Z') },
    });

    const results = await service.provisionBatch(caller, vendorId, [
      { productId: 'thermostat', id: 'batch-0001', name: 'Hall' },
      { productId: 'thermostat', id: 'batch-0001' },
      { productId: 'thermostat' },
    ]);

    expect(results).toMatchObject([
      { index: 0, outcome: 'created', device: { device: { id: 'batch-0001', name: 'Hall' } } },
      { index: 1, outcome: 'refused', code: 'DEVICE_EXISTS' },
      { index: 2, outcome: 'created' },
    ]);
    expect(audit).toMatchObject([
      { action: 'device.batch-provisioned', details: { created: 2, refused: 1 } },
    ]);
  });
});
