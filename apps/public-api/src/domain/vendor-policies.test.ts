import type { Caller, UserCaller } from './callers';
import {
  canAdministerVendor,
  canManageVendorIntegrations,
  canOperateVendor,
  canRemoveVendorMember,
} from './vendor-policies';
import type { VendorScope } from './vendors';

const scopes = new Set<never>();
const session = (userId: string): UserCaller => ({
  kind: 'user',
  userId,
  credential: { kind: 'session', sessionId: 's' },
  scopes,
  address: '127.0.0.1',
});
const scopeOf = (userId: string, roles: [string, 'admin' | 'developer'][]): VendorScope => ({
  userId,
  roles: new Map(roles),
});
const acmeKey: Caller = {
  kind: 'vendor',
  vendorId: 'acme',
  credential: { kind: 'api-key', keyId: 'k' },
  scopes,
  address: '127.0.0.1',
};

describe('vendor policies', () => {
  it("a vendor's key reaches its own vendor only and administers nothing", () => {
    expect(canOperateVendor(acmeKey, undefined, 'acme')).toBe(true);
    expect(canOperateVendor(acmeKey, undefined, 'globex')).toBe(false);
    expect(canAdministerVendor(acmeKey, undefined, 'acme')).toBe(false);
    expect(canRemoveVendorMember(acmeKey, undefined, 'acme', 'ada')).toBe(false);
  });

  it('an admin with their own session administers; through a personal access token they only operate', () => {
    const scope = scopeOf('ada', [['acme', 'admin']]);
    expect(canAdministerVendor(session('ada'), scope, 'acme')).toBe(true);
    const viaToken: UserCaller = {
      ...session('ada'),
      credential: { kind: 'personal-access-token', tokenId: 't' },
    };
    expect(canOperateVendor(viaToken, scope, 'acme')).toBe(true);
    expect(canAdministerVendor(viaToken, scope, 'acme')).toBe(false);
  });

  it("an app the admin authorized with OAuth acts on the admin's homes, never on the vendor", () => {
    const scope = scopeOf('ada', [['acme', 'admin']]);
    const viaApp: UserCaller = {
      ...session('ada'),
      credential: { kind: 'oauth', clientId: 'assistant', grantId: 'g' },
    };
    expect(canOperateVendor(viaApp, scope, 'acme')).toBe(false);
    expect(canAdministerVendor(viaApp, scope, 'acme')).toBe(false);
    expect(canRemoveVendorMember(viaApp, scope, 'acme', 'ada')).toBe(false);
  });

  it('a developer removes only themself; a scope read for someone else grants nothing', () => {
    const scope = scopeOf('grace', [['acme', 'developer']]);
    expect(canRemoveVendorMember(session('grace'), scope, 'acme', 'grace')).toBe(true);
    expect(canRemoveVendorMember(session('grace'), scope, 'acme', 'ada')).toBe(false);
    expect(canOperateVendor(session('mallory'), scope, 'acme')).toBe(false);
  });
});

describe('vendor integrations policy', () => {
  it("a vendor's key and its admins' sessions manage its webhooks; developers, tokens and others do not", () => {
    const admin = scopeOf('ada', [['acme', 'admin']]);
    const developer = scopeOf('bob', [['acme', 'developer']]);
    expect(canManageVendorIntegrations(acmeKey, undefined, 'acme')).toBe(true);
    expect(canManageVendorIntegrations(acmeKey, undefined, 'globex')).toBe(false);
    expect(canManageVendorIntegrations(session('ada'), admin, 'acme')).toBe(true);
    expect(canManageVendorIntegrations(session('ada'), admin, 'globex')).toBe(false);
    expect(canManageVendorIntegrations(session('bob'), developer, 'acme')).toBe(false);
    const adminsToken: UserCaller = {
      ...session('ada'),
      credential: { kind: 'personal-access-token', tokenId: 't' },
    };
    expect(canManageVendorIntegrations(adminsToken, admin, 'acme')).toBe(false);
  });
});
