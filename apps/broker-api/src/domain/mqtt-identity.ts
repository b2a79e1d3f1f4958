/** Who is on an MQTT connection once CONNECT was accepted. */
export type MqttIdentity = DeviceIdentity | ServiceIdentity;

/** A device, authenticated with one of its credentials. */
export interface DeviceIdentity {
  readonly kind: 'device';
  readonly vendorId: string;
  readonly deviceId: string;
  /** The credential it authenticated with: revoking it disconnects this connection. */
  readonly credentialId: string;
}

/** An internal service (e.g. fan-out), authenticated with a configured service token. */
export interface ServiceIdentity {
  readonly kind: 'service';
  readonly name: string;
}
