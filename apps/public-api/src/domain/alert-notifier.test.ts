import { recipientsAtLevel } from './alert-notifier';

const members = [
  { userId: 'owner-1', role: 'owner' as const },
  { userId: 'member-1', role: 'member' as const },
  { userId: 'owner-2', role: 'owner' as const },
  { userId: 'member-2', role: 'member' as const },
];

describe('who hears of an alert, by level', () => {
  it('a firing tells the owners only', () => {
    expect(recipientsAtLevel(members, 0)).toEqual(['owner-1', 'owner-2']);
  });

  it('the first escalation tells the other members, who were not told yet', () => {
    expect(recipientsAtLevel(members, 1)).toEqual(['member-1', 'member-2']);
  });

  it('each further escalation reminds everyone of the home', () => {
    expect(recipientsAtLevel(members, 2)).toEqual(['owner-1', 'member-1', 'owner-2', 'member-2']);
  });

  it('a home of owners alone has nobody more to tell at the first escalation', () => {
    expect(recipientsAtLevel([{ userId: 'owner-1', role: 'owner' }], 1)).toEqual([]);
  });
});
