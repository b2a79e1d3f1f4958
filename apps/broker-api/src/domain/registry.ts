import type { AssistantMapping } from '@homeport/contracts';
import type { ChangeAnnouncement } from './device-lifecycle';

/** A device maker: the tenant its products and devices belong to. */
export interface Vendor {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
}

/** A vendor's device model and the features (state properties) its devices have. */
export interface Product {
  readonly vendorId: string;
  readonly id: string;
  readonly name: string;
  readonly features: readonly string[];
  /** How its features map to voice-assistant capabilities; null: its devices are not exposed to them. */
  readonly assistantMapping: AssistantMapping | null;
  readonly createdAt: Date;
}

/** A device of a product; its id is also its MQTT client id. */
export interface Device {
  readonly id: string;
  readonly vendorId: string;
  readonly productId: string;
  readonly name: string | null;
  /** The home it belongs to (public-api's home id), set by a claim; null while unclaimed. */
  readonly ownerId: string | null;
  /**
   * Since when its history and commands are its current (or next) home's: when a home last let go of it
   * (release, transfer); null while none has.
   */
  readonly historySince: Date | null;
  readonly online: boolean;
  readonly lastSeenAt: Date | null;
  readonly createdAt: Date;
}

/** A product as its vendor creates it: without an assistant mapping yet. */
export type NewProduct = Omit<Product, 'createdAt' | 'assistantMapping'>;

/** Keyset paging: up to `limit` items with ids after `after`. */
export interface PageRequest {
  readonly limit: number;
  readonly after?: string;
}

/** One page; `nextAfter` is set when more items follow. */
export interface Page<T> {
  readonly items: T[];
  readonly nextAfter?: string;
}

/** Filters of the device list. */
export interface DeviceFilter {
  readonly vendorId?: string;
  readonly productId?: string;
  readonly ownerId?: string;
  /** Any of these owners (an empty list matches none). */
  readonly ownerIds?: readonly string[];
  readonly online?: boolean;
  /** With an owner (true) or without one (false). */
  readonly claimed?: boolean;
  /** A case-insensitive prefix of the device's id or name (taken literally: no wildcards). */
  readonly search?: string;
}

/** Changes to a device: undefined leaves a field, null clears it. */
export interface DeviceChanges {
  readonly name?: string | null;
  readonly ownerId?: string | null;
}

/** A device just deleted, as its deletion event needs it. */
export interface DeletedDevice {
  readonly vendorId: string;
  /** Database time of the deletion. */
  readonly deletedAt: Date;
  readonly revokedCredentialIds: string[];
}

/** Work run inside a write's transaction, after its statements and before its commit (which it can stop). */
export type BeforeCommit<T> = (written: T) => Promise<void>;

/**
 * Storage of vendors, products and devices. Inserts throw AppError `conflict` (`*_EXISTS`) on a taken id
 * and `not_found` when the parent is missing; deletes throw `conflict` while children exist.
 */
export interface RegistryRepository {
  insertVendor(vendor: { id: string; name: string }): Promise<Vendor>;
  findVendor(id: string): Promise<Vendor | undefined>;
  listVendors(page: PageRequest): Promise<Page<Vendor>>;
  deleteVendor(id: string): Promise<boolean>;
  insertProduct(product: NewProduct): Promise<Product>;
  findProduct(vendorId: string, id: string): Promise<Product | undefined>;
  listProducts(vendorId: string, page: PageRequest): Promise<Page<Product>>;
  deleteProduct(vendorId: string, id: string): Promise<boolean>;
  /** Sets (or clears, null) the product's assistant mapping; undefined when there is no such product. */
  setAssistantMapping(
    vendorId: string,
    id: string,
    mapping: AssistantMapping | null,
  ): Promise<Product | undefined>;
  /** Inserts the device, unclaimed, with the digest of its claim code. */
  insertDevice(
    device: Omit<Device, 'ownerId' | 'historySince' | 'online' | 'lastSeenAt' | 'createdAt'> & {
      readonly claimCodeHash: Buffer;
    },
    beforeCommit: BeforeCommit<Device>,
  ): Promise<Device>;
  findDevice(id: string): Promise<Device | undefined>;
  listDevices(filter: DeviceFilter, page: PageRequest): Promise<Page<Device>>;
  /** Applies `changes` with their event (`announce`); undefined when there is no such device. */
  updateDevice(
    id: string,
    changes: DeviceChanges,
    announce: ChangeAnnouncement<Device>,
  ): Promise<Device | undefined>;
  /**
   * In one statement: the unclaimed device whose code has this digest gets `ownerId` and loses its code, with
   * the change's event. Undefined when no unclaimed device has it (unknown, used or replaced code).
   */
  claimDevice(
    claimCodeHash: Buffer,
    ownerId: string,
    announce: ChangeAnnouncement<Device>,
  ): Promise<Device | undefined>;
  /** Replaces the code of an unclaimed device: `claimed` when it has an owner, undefined when missing. */
  replaceClaimCode(id: string, claimCodeHash: Buffer): Promise<Device | 'claimed' | undefined>;
  /** The device owned by `ownerId` becomes unclaimed with a new code (and its event); undefined when not theirs. */
  releaseDevice(
    id: string,
    ownerId: string,
    claimCodeHash: Buffer,
    announce: ChangeAnnouncement<Device>,
  ): Promise<Device | undefined>;
  /** The device owned by `fromOwnerId` moves to `toOwnerId` (with its event); undefined when not theirs. */
  transferDevice(
    id: string,
    fromOwnerId: string,
    toOwnerId: string,
    announce: ChangeAnnouncement<Device>,
  ): Promise<Device | undefined>;
  /** Deletes the device with its credentials, recording them as revoked; undefined when there was none. */
  deleteDevice(id: string, beforeCommit: BeforeCommit<DeletedDevice>): Promise<DeletedDevice | undefined>;
}
