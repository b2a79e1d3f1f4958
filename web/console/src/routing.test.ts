import { parseRoute, routeHref, type Route } from './routing';

describe('the console routes', () => {
  it.each<Route>([
    { page: 'homes' },
    { page: 'account' },
    { page: 'home', homeId: 'b1c2' },
    { page: 'alerts', homeId: 'b1c2' },
    { page: 'zone', homeId: 'b1c2' },
    { page: 'automations', homeId: 'b1c2' },
    { page: 'device', homeId: 'b1c2', deviceId: 'th/01' },
    { page: 'vendor-devices', vendorId: 'acme', query: {} },
    {
      page: 'vendor-devices',
      vendorId: 'acme',
      query: {
        search: 'Living room?',
        productId: 'thermo-2',
        claimed: true,
        online: false,
        after: 'th-0042',
      },
    },
    { page: 'join-vendor', vendorId: 'demo', code: 'kY3v8Qm2-Lw9_xNc' },
    { page: 'fleet', vendorId: 'demo' },
    { page: 'reports', vendorId: 'demo' },
  ])('when a link to %j is followed, the same page opens', (route) => {
    expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it('when the hash names nothing known, the homes page opens', () => {
    expect(parseRoute('#/elsewhere/x')).toEqual({ page: 'homes' });
    expect(parseRoute('')).toEqual({ page: 'homes' });
  });
});
