import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createPostgresPool, queryRows } from '@homeport/storage';
import type { Phone } from './phone-fleet';

/** A phone's owner as the step uses them: the bearer token their phone posts with. */
export interface PhoneOwner {
  readonly userId: string;
  readonly token: string;
}

/**
 * Writes, straight into public-api's (migrated) database, a user per phone with their home (location, 100 m
 * default zone) and a personal access token of scope location:write, as public-api would store them (the
 * token's SHA-256, `hpp_` prefix). Signing up and logging in 1,000 users through the API would cost 2,000
 * scrypt runs (minutes on 2 cores) before measuring anything; the fixes themselves go through the real API.
 */
export async function seedPhoneOwners(databaseUrl: string, fleet: readonly Phone[]): Promise<PhoneOwner[]> {
  const pool = createPostgresPool({ url: databaseUrl, max: 1, applicationName: 'bench-geofencing' });
  try {
    const owners = fleet.map(() => ({
      userId: randomUUID(),
      homeId: randomUUID(),
      token: `hpp_${randomBytes(32).toString('base64url')}`,
    }));
    const column = <T>(pick: (owner: (typeof owners)[number], index: number) => T) => owners.map(pick);
    // Never logged in: a hash no password matches.
    const noPassword = `scrypt$32768$8$3$${randomBytes(16).toString('base64url')}$${randomBytes(64).toString('base64url')}`;
    await queryRows(
      pool,
      `INSERT INTO public_api.users (id, email, email_verified_at, password_hash)
       SELECT id, id || '@bench.homeport.example', now(), $2 FROM unnest($1::uuid[]) AS id`,
      [column((owner) => owner.userId), noPassword],
    );
    await queryRows(
      pool,
      `INSERT INTO public_api.homes (id, name, time_zone, latitude, longitude)
       SELECT id, 'Bench home', 'Europe/Paris', lat, lon
       FROM unnest($1::uuid[], $2::double precision[], $3::double precision[]) AS h (id, lat, lon)`,
      [
        column((owner) => owner.homeId),
        column((_, index) => fleet[index]?.home.latitude ?? 0),
        column((_, index) => fleet[index]?.home.longitude ?? 0),
      ],
    );
    await queryRows(
      pool,
      `INSERT INTO public_api.home_members (home_id, user_id, role)
       SELECT home_id, user_id, 'owner' FROM unnest($1::uuid[], $2::uuid[]) AS m (home_id, user_id)`,
      [column((owner) => owner.homeId), column((owner) => owner.userId)],
    );
    await queryRows(
      pool,
      `INSERT INTO public_api.personal_access_tokens (id, user_id, name, token_hash, scopes, created_at)
       SELECT gen_random_uuid(), user_id, 'Bench phone', token_hash, ARRAY['location:write'], now()
       FROM unnest($1::uuid[], $2::text[]) AS t (user_id, token_hash)`,
      [
        column((owner) => owner.userId),
        column((owner) => createHash('sha256').update(owner.token).digest('base64url')),
      ],
    );
    return owners.map(({ userId, token }) => ({ userId, token }));
  } finally {
    await pool.end();
  }
}
