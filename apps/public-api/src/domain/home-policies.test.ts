import {
  canAcceptInvitations,
  canControlDevices,
  canManageDevices,
  canManageMembers,
  canRemoveMember,
  canViewHome,
} from './home-policies';
import type { HomeScope } from './homes';

const scope: HomeScope = {
  userId: 'me',
  roles: new Map([
    ['owned', 'owner'],
    ['joined', 'member'],
  ]),
};

describe('home policies', () => {
  it('members of any role see their homes, nobody sees the others', () => {
    expect([canViewHome(scope, 'owned'), canViewHome(scope, 'joined'), canViewHome(scope, 'other')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('only owners manage members', () => {
    expect([canManageMembers(scope, 'owned'), canManageMembers(scope, 'joined')]).toEqual([true, false]);
  });

  it('an owner removes anyone; a member only themself; nobody in a home they are not in', () => {
    expect(canRemoveMember(scope, 'owned', 'someone')).toBe(true);
    expect(canRemoveMember(scope, 'joined', 'me')).toBe(true);
    expect(canRemoveMember(scope, 'joined', 'someone')).toBe(false);
    expect(canRemoveMember(scope, 'other', 'me')).toBe(false);
  });

  it('invitations are accepted only with a verified address', () => {
    expect([
      canAcceptInvitations({ emailVerified: true }),
      canAcceptInvitations({ emailVerified: false }),
    ]).toEqual([true, false]);
  });

  it("members of any role control a home's devices; only owners bring them in, rename, move or release them", () => {
    const homes = ['owned', 'joined', 'other'];
    expect(homes.map((home) => canControlDevices(scope, home))).toEqual([true, true, false]);
    expect(homes.map((home) => canManageDevices(scope, home))).toEqual([true, false, false]);
  });
});
