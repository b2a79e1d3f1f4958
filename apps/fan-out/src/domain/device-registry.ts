/** What fan-out needs to know about a registered device. */
export interface RegisteredDevice {
  readonly vendorId: string;
}

/**
 * Port: the device registry (broker-api's). `findDevice` resolves undefined for a device that is not
 * registered and rejects with AppError `unavailable` when the registry cannot answer now.
 */
export interface DeviceRegistry {
  findDevice(deviceId: string): Promise<RegisteredDevice | undefined>;
}
