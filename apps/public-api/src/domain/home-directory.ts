import type { HomeRole } from '@homeport/contracts';

/** A home as its notices name it: its name, and its members with their roles and addresses. */
export interface HomePeople {
  readonly name: string;
  /** Oldest member first; `email` is how the other members see them (users have no display name). */
  readonly members: readonly { userId: string; role: HomeRole; email: string }[];
}

/** Port: the people of a home (public-api's schema). */
export interface HomeDirectory {
  /** The home's name and members; undefined when there is no such home. */
  homeOf(homeId: string): Promise<HomePeople | undefined>;
}
