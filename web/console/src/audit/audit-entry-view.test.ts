import { describeActor, describeDetails, type AuditEntry } from './audit-entry-view';

const person: AuditEntry['actor'] = {
  kind: 'user',
  userId: '5b0e7c1e-3f0a-4f8e-9a59-1c6f0d2b7e11',
  vendorId: null,
  credential: { kind: 'session', id: '9d1f6a0e-2c4b-4e8a-b7f3-0a5c8e2d4f61' },
};
const key: AuditEntry['actor'] = {
  kind: 'vendor',
  userId: null,
  vendorId: 'demo',
  credential: { kind: 'api-key', id: '9a3e5c71-2b4d-4f8a-b6e0-1c7d9f2a4b58' },
};

describe('who did what in the audit log, in words', () => {
  it('when the person is a known member, the log names them by email and says how they got in', () => {
    const names = new Map([[person.userId ?? '', 'hedy@example.com']]);
    expect(describeActor(person, names)).toBe('hedy@example.com (signed in)');
  });

  it('when the person is not a member any more, the log shows the start of their id', () => {
    expect(describeActor(person, new Map())).toBe('person 5b0e7c1e… (signed in)');
  });

  it("when a vendor's API key did it, the log names the key", () => {
    const names = new Map([[key.credential.id, 'factory line 3']]);
    expect(describeActor(key, names)).toBe('API key “factory line 3”');
    expect(describeActor(key, new Map())).toBe('API key 9a3e5c71…');
  });

  it("when an OAuth client of the vendor did it, the log says it was the vendor's back end", () => {
    const client = { ...key, credential: { kind: 'oauth-client', id: 'factory-sync' } };
    expect(describeActor(client, new Map())).toBe("demo's back end (through an OAuth client)");
  });

  it('details read as name: value lines', () => {
    expect(describeDetails({ name: 'factory line 3', scopes: ['devices:read'] })).toEqual([
      'name: factory line 3',
      'scopes: ["devices:read"]',
    ]);
  });
});
