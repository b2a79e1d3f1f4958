import type { VendorDevicePage, VendorDeviceResponse } from '@homeport/contracts';
import { listDevicesByClaim, maxScannedPages, type VendorDeviceFilter } from './vendor-devices';

const device = (id: string, claimed: boolean): VendorDeviceResponse => ({
  id,
  vendorId: 'acme',
  productId: 'thermo',
  name: null,
  claimed,
  online: false,
  lastSeenAt: null,
  createdAt: '2026-12-01T00:00:00.000Z',
});

/** A registry of `devices` in id order, paged as broker-api pages them; counts the pages read. */
function createRegistry(devices: readonly VendorDeviceResponse[]) {
  const reads: VendorDeviceFilter[] = [];
  const readPage = (filter: VendorDeviceFilter): Promise<VendorDevicePage> => {
    reads.push(filter);
    const start = filter.after === undefined ? 0 : devices.findIndex((d) => d.id === filter.after) + 1;
    const items = devices.slice(start, start + filter.limit);
    const last = items.at(-1);
    const more = start + filter.limit < devices.length;
    return Promise.resolve(more && last !== undefined ? { items, nextAfter: last.id } : { items });
  };
  return { readPage, reads };
}

const ids = (page: VendorDevicePage) => page.items.map((item) => item.id);

describe('listing devices by whether they are claimed', () => {
  const fleet = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'].map((id, index) => device(id, index % 2 === 0));

  it('reads registry pages until the page is full, and resumes after the last device it answered', async () => {
    const registry = createRegistry(fleet);
    const first = await listDevicesByClaim(registry.readPage, { limit: 2 }, true);
    expect(ids(first)).toEqual(['d1', 'd3']);
    expect(first.nextAfter).toBe('d3');
    const second = await listDevicesByClaim(registry.readPage, { limit: 2, after: first.nextAfter }, true);
    expect(ids(second)).toEqual(['d5']);
    expect(second.nextAfter).toBeUndefined();
  });

  it('answers no nextAfter when the page filled up with the registry last device', async () => {
    const registry = createRegistry(fleet);
    const page = await listDevicesByClaim(registry.readPage, { limit: 3 }, false);
    expect(ids(page)).toEqual(['d2', 'd4', 'd6']);
    expect(page.nextAfter).toBeUndefined();
  });

  it(`stops after ${maxScannedPages} registry pages with a short page and where to resume`, async () => {
    const unclaimed = Array.from({ length: 30 }, (_, index) =>
      device(`u${String(index).padStart(2, '0')}`, false),
    );
    const registry = createRegistry([...unclaimed, device('z1', true)]);
    const page = await listDevicesByClaim(registry.readPage, { limit: 2 }, true);
    expect(page.items).toEqual([]);
    expect(registry.reads).toHaveLength(maxScannedPages);
    expect(page.nextAfter).toBe('u19');
    const next = await listDevicesByClaim(registry.readPage, { limit: 2, after: 'u19' }, true);
    expect(ids(next)).toEqual(['z1']);
  });
});
