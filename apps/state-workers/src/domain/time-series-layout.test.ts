import { deviceEventV1, deviceTelemetryV1 } from '@homeport/contracts';
import { buildDeviceEventPoint, buildTelemetryPoint } from './time-series-layout';

describe('the time-series layout', () => {
  it('telemetry becomes one point per message, tagged by vendor and device, at the device time', () => {
    const message = deviceTelemetryV1.example;
    expect(buildTelemetryPoint(message)).toEqual({
      measurement: 'device_telemetry',
      tags: { vendor_id: 'acme', device_id: 'thermostat-0042' },
      fields: { temperature: 20.64, humidity: 41.2, battery: 87, 'heating#bool': true },
      timeMs: message.payload.ts,
    });
  });

  it('a metric is stored under a field named for its value type, so a string never meets a number in one field', () => {
    const { payload } = deviceTelemetryV1.example;
    const point = buildTelemetryPoint({
      ...deviceTelemetryV1.example,
      payload: { ...payload, metrics: { temperature: 'x', open: false, level: 3 } },
    });
    expect(point.fields).toEqual({ 'temperature#str': 'x', 'open#bool': false, level: 3 });
  });

  it('a device event keeps its name and severity as tags and its data as JSON text', () => {
    const message = deviceEventV1.example;
    expect(buildDeviceEventPoint(message)).toEqual({
      measurement: 'device_events',
      tags: {
        vendor_id: 'acme',
        device_id: 'thermostat-0042',
        event: 'window_open_detected',
        severity: 'warning',
      },
      fields: { data: '{"temperatureDropCelsius":2.1}', message_id: message.messageId },
      timeMs: message.payload.ts,
    });
  });

  it('an event without data or severity still has a field and no severity tag', () => {
    const { severity: _severity, data: _data, ...payload } = deviceEventV1.example.payload;
    const point = buildDeviceEventPoint({ ...deviceEventV1.example, payload });
    expect(point.tags).not.toHaveProperty('severity');
    expect(point.fields.data).toBe('{}');
  });
});
