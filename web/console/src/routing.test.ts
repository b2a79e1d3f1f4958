import { buildConsoleLink } from '@homeport/contracts';
import { parseRoute, routeHref, type EmailLinkRoute, type Route } from './routing';

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
    { page: 'api-keys', vendorId: 'demo' },
    { page: 'webhooks', vendorId: 'demo' },
    { page: 'vendor-audit', vendorId: 'demo' },
    { page: 'home-audit', homeId: 'b1c2' },
    { page: 'operations' },
    { page: 'join-operators', code: 'pQ7x2Lm9-Vb4_Nc8' },
    { page: 'verify-email', token: 'n3w-W5mZ1dQ0pQe8rJp1xG7bUuV2kqB9YtHcA6sLzE0' },
    { page: 'verify-email', token: '' },
    { page: 'reset-password', token: 'n3w-W5mZ1dQ0pQe8rJp1xG7bUuV2kqB9YtHcA6sLzE0' },
    { page: 'invitation', invitationId: '2d8f6a31-9c4e-4b7a-a5d0-6e1b3f9c8a72' },
    { page: 'products', vendorId: 'demo' },
    { page: 'provision', vendorId: 'demo' },
    { page: 'maker-rules', vendorId: 'demo' },
    { page: 'funnel', vendorId: 'demo' },
  ])('when a link to %j is followed, the same page opens', (route) => {
    expect(parseRoute(routeHref(route))).toEqual(route);
  });

  it('when the hash names nothing known, the homes page opens', () => {
    expect(parseRoute('#/elsewhere/x')).toEqual({ page: 'homes' });
    expect(parseRoute('')).toEqual({ page: 'homes' });
  });

  it.each<EmailLinkRoute>([
    { page: 'verify-email', token: 'n3w-W5mZ1dQ0pQe8rJp1xG7bUuV2kqB9YtHcA6sLzE0' },
    { page: 'reset-password', token: 'n3w-W5mZ1dQ0pQe8rJp1xG7bUuV2kqB9YtHcA6sLzE0' },
    { page: 'invitation', invitationId: '2d8f6a31-9c4e-4b7a-a5d0-6e1b3f9c8a72' },
  ])("when an email's link to %j is opened (notifications builds it), that page opens", (route) => {
    const link = buildConsoleLink('https://app.homeport.example/', route);
    expect(parseRoute(new URL(link).hash)).toEqual(route);
  });
});
