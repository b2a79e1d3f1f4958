/** The part of aedes-persistence-redis that deletes a client's will. */
interface WillDeletion {
  delWill(client: { id: string; brokerId?: string }): Promise<unknown>;
}

/**
 * Skips the will deletion aedes 1.2 asks for at every CONNECT (lib/handlers/connect.js, `storeWill`): it
 * passes the live client, which has no `brokerId`, so aedes-persistence-redis deletes `will:undefined:<id>`,
 * a key nothing ever writes (`putWill` keys a will by the broker's id): three Redis commands per CONNECT,
 * one of them an LREM that scans the whole list of wills, to delete nothing. The deletion at a
 * connection's end names the broker and still runs.
 */
export function skipUnkeyedWillDeletion(aedesPersistence: unknown): void {
  const persistence = aedesPersistence as WillDeletion;
  const delWill = persistence.delWill.bind(persistence);
  persistence.delWill = (client) => (client.brokerId === undefined ? Promise.resolve(null) : delWill(client));
}
