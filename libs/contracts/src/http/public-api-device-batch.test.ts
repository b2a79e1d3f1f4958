import type { TSchema } from 'typebox';
import { compileValidator } from '../validation';
import {
  maxProvisionBatchDevices,
  ProvisionVendorDeviceBatchRequest,
  ProvisionVendorDeviceBatchResponse,
} from './public-api-devices';

describe("public-api's contract of provisioning a batch of devices", () => {
  it.each([
    ['ProvisionVendorDeviceBatchRequest', ProvisionVendorDeviceBatchRequest],
    ['ProvisionVendorDeviceBatchResponse', ProvisionVendorDeviceBatchResponse],
  ] as const)('the examples of %s validate against it', (_name, schema) => {
    const validator = compileValidator(schema);
    const { examples } = schema as TSchema & { examples?: unknown[] };
    expect(examples?.length).toBeGreaterThan(0);
    for (const example of examples ?? []) expect(validator.explain(example)).toEqual([]);
  });

  it(`a batch holds 1 to ${maxProvisionBatchDevices} devices, each as the single route takes it`, () => {
    const validator = compileValidator(ProvisionVendorDeviceBatchRequest);
    const devices = (count: number) => Array.from({ length: count }, () => ({ productId: 'thermostat' }));
    expect(validator.isValid({ devices: devices(maxProvisionBatchDevices) })).toBe(true);
    expect(validator.isValid({ devices: devices(maxProvisionBatchDevices + 1) })).toBe(false);
    expect(validator.isValid({ devices: [] })).toBe(false);
    expect(validator.isValid({ devices: [{ productId: 'thermostat', colour: 'red' }] })).toBe(false);
  });
});
