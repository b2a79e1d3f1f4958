/** A user's Google Home link: an OAuth grant Google holds, found by its grant (Google calls with its tokens). */
export interface GoogleLink {
  readonly grantId: string;
  /** The OAuth client Google's project is registered as. */
  readonly clientId: string;
  /** Google's agentUserId. */
  readonly userId: string;
}

/**
 * The Google links, one per OAuth grant. The lists return links whose grant is live only, so a revoked or
 * expired grant is never reported to.
 */
export interface GoogleLinks {
  /** Creates or refreshes the grant's link with the devices its SYNC answered. */
  saveSync(link: GoogleLink, deviceIds: readonly string[], at: Date): Promise<void>;
  /** Removes the grant's link (DISCONNECT). */
  remove(grantId: string): Promise<void>;
  /** Removes every link of the user (HomeGraph no longer knows the agentUserId). */
  removeUser(userId: string): Promise<void>;
  /** The live links of the current members of a home. */
  listForHome(homeId: string, now: Date): Promise<GoogleLink[]>;
  /** The live links whose last SYNC listed the device (it may have left their homes since). */
  listForDevice(deviceId: string, now: Date): Promise<GoogleLink[]>;
}
