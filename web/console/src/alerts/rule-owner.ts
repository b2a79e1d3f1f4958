import type { PublicApiClient, paths } from '@homeport/api-client';
import { takeData } from '../api/console-api';
import { deviceLabel, type DeviceView } from '../devices/device-view';
import type { Product } from '../products/load-products';
import type { AlertRuleView } from './alert-view';

/**
 * Who keeps a rule: a home (its owners' rules, each on one of its devices) or a vendor (its makers' default
 * rules, each on every device of one of its products, in every home).
 */
export type RuleOwner =
  { readonly kind: 'home'; readonly homeId: string } | { readonly kind: 'vendor'; readonly vendorId: string };

/** What a new rule may watch: a home's device or a vendor's product, with the readings its product reports. */
export interface Watchable {
  /** The device's id (a home's rule) or the product's (a vendor's). */
  readonly id: string;
  readonly label: string;
  readonly productId: string;
  readonly features: readonly string[];
}

/** A home's devices as what its rules may watch. */
export const watchableDevices = (devices: readonly DeviceView[]): Watchable[] =>
  devices.map((device) => ({
    id: device.id,
    label: deviceLabel(device),
    productId: device.productId,
    features: device.features,
  }));

/** A vendor's products as what its rules may watch. */
export const watchableProducts = (products: readonly Product[]): Watchable[] =>
  products.map((product) => ({
    id: product.id,
    label: product.name,
    productId: product.id,
    features: product.features,
  }));

/** The target of a new rule of `owner` watching `watchedId`: one device of a home, every device of a product. */
export function ruleTarget(owner: RuleOwner, watchedId: string): AlertRuleView['target'] {
  return owner.kind === 'home'
    ? { kind: 'device', deviceId: watchedId }
    : { kind: 'product', vendorId: owner.vendorId, productId: watchedId };
}

/** What a rule watches, in words: the device's id, or every device of the product (of the home, for a home). */
export function describeTarget(owner: RuleOwner, target: AlertRuleView['target']): string {
  if (target.kind === 'device') return target.deviceId;
  return owner.kind === 'home' ? `every ${target.productId} of the home` : `every ${target.productId}`;
}

/**
 * The readings a rule may watch: the features of what it watches (an edited rule's product, else the chosen
 * device or product), its own property first when the product no longer lists it.
 */
export function readingsOf(
  watchables: readonly Watchable[],
  watchedId: string,
  property: string,
  target: AlertRuleView['target'] | undefined,
): readonly string[] {
  const watched =
    target?.kind === 'product'
      ? watchables.find((candidate) => candidate.productId === target.productId)
      : watchables.find((candidate) => candidate.id === watchedId);
  const features = watched?.features ?? [];
  return property === '' || features.includes(property) ? features : [property, ...features];
}

/** A rule's changes, as both owners' PATCH routes take them (the target stays). */
export type RuleChanges = NonNullable<
  paths['/v1/homes/{homeId}/alert-rules/{ruleId}']['patch']['requestBody']
>['content']['application/json'];
/** A new rule, as both owners' POST routes take it. */
export type NewRule = NonNullable<
  paths['/v1/vendors/{vendorId}/alert-rules']['post']['requestBody']
>['content']['application/json'];

/** The owner's rules, newest first; an Error saying what to do when refused. */
export async function readRules(api: PublicApiClient, owner: RuleOwner) {
  const answer =
    owner.kind === 'home'
      ? await api.GET('/v1/homes/{homeId}/alert-rules', { params: { path: { homeId: owner.homeId } } })
      : await api.GET('/v1/vendors/{vendorId}/alert-rules', {
          params: { path: { vendorId: owner.vendorId } },
        });
  return takeData(answer, 'Reload the page to try again.');
}

/** Creates one of the owner's rules (public-api's answer: the rule, or its refusal). */
export const createRule = (api: PublicApiClient, owner: RuleOwner, body: NewRule) =>
  owner.kind === 'home'
    ? api.POST('/v1/homes/{homeId}/alert-rules', { params: { path: { homeId: owner.homeId } }, body })
    : api.POST('/v1/vendors/{vendorId}/alert-rules', {
        params: { path: { vendorId: owner.vendorId } },
        body,
      });

/** Changes one of the owner's rules: what `changes` names. */
export const changeRule = (api: PublicApiClient, owner: RuleOwner, ruleId: string, changes: RuleChanges) =>
  owner.kind === 'home'
    ? api.PATCH('/v1/homes/{homeId}/alert-rules/{ruleId}', {
        params: { path: { homeId: owner.homeId, ruleId } },
        body: changes,
      })
    : api.PATCH('/v1/vendors/{vendorId}/alert-rules/{ruleId}', {
        params: { path: { vendorId: owner.vendorId, ruleId } },
        body: changes,
      });

/** Deletes one of the owner's rules. */
export const deleteRule = (api: PublicApiClient, owner: RuleOwner, ruleId: string) =>
  owner.kind === 'home'
    ? api.DELETE('/v1/homes/{homeId}/alert-rules/{ruleId}', {
        params: { path: { homeId: owner.homeId, ruleId } },
      })
    : api.DELETE('/v1/vendors/{vendorId}/alert-rules/{ruleId}', {
        params: { path: { vendorId: owner.vendorId, ruleId } },
      });
