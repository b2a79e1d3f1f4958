import { Type, type Static } from 'typebox';

/**
 * How a product's features map to voice-assistant capabilities (Alexa, Google Home), declared by its vendor.
 * Neutral: each assistant's adapter turns it into its own interfaces (Alexa.PowerController, Google's OnOff
 * trait, ...). Devices of a product without a mapping are not exposed to assistants.
 */
const Property = Type.String({
  pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$',
  description: 'A feature of the product: the reported and desired state property that holds the value.',
});
const PropertyValue = Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 64 })]);
const TemperatureUnit = Type.Union([Type.Literal('celsius'), Type.Literal('fahrenheit')]);

/** The kinds of device an assistant shows (Alexa display category, Google device type). */
export const AssistantDeviceType = Type.Union([
  Type.Literal('thermostat'),
  Type.Literal('light'),
  Type.Literal('outlet'),
  Type.Literal('switch'),
  Type.Literal('temperature-sensor'),
]);
export type AssistantDeviceType = Static<typeof AssistantDeviceType>;

/** Thermostat modes both assistants know (Alexa: HEAT, COOL, AUTO, ECO, OFF; Google: heat, cool, ...). */
export const assistantThermostatModes = ['heat', 'cool', 'auto', 'eco', 'off'] as const;
export type AssistantThermostatMode = (typeof assistantThermostatModes)[number];

const capabilities = Type.Object(
  {
    power: Type.Optional(
      Type.Object(
        {
          property: Property,
          on: Type.Optional(PropertyValue),
          off: Type.Optional(PropertyValue),
        },
        { additionalProperties: false, description: 'On and off; the values default to true and false.' },
      ),
    ),
    brightness: Type.Optional(
      Type.Object(
        {
          property: Property,
          min: Type.Optional(Type.Number({ default: 0 })),
          max: Type.Optional(Type.Number({ default: 100 })),
        },
        {
          additionalProperties: false,
          description: "0-100 % spoken, scaled linearly onto the device's own [min, max].",
        },
      ),
    ),
    color: Type.Optional(
      Type.Object(
        {
          property: Property,
          model: Type.Union([Type.Literal('hsv'), Type.Literal('rgb')], {
            description:
              'hsv: the property is { hue: 0-360, saturation: 0-1, value: 0-1 }; rgb: an integer 0xRRGGBB.',
          }),
        },
        { additionalProperties: false },
      ),
    ),
    targetTemperature: Type.Optional(
      Type.Object(
        { property: Property, unit: TemperatureUnit, min: Type.Number(), max: Type.Number() },
        { additionalProperties: false, description: 'The setpoint and the range the device accepts.' },
      ),
    ),
    currentTemperature: Type.Optional(
      Type.Object({ property: Property, unit: TemperatureUnit }, { additionalProperties: false }),
    ),
    thermostatMode: Type.Optional(
      Type.Object(
        {
          property: Property,
          modes: Type.Object(
            {
              heat: Type.Optional(PropertyValue),
              cool: Type.Optional(PropertyValue),
              auto: Type.Optional(PropertyValue),
              eco: Type.Optional(PropertyValue),
              off: Type.Optional(PropertyValue),
            },
            {
              additionalProperties: false,
              description: "Each mode the device has, with the property's value for it.",
            },
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const thermostatExample = {
  deviceType: 'thermostat' as const,
  capabilities: {
    targetTemperature: { property: 'setpoint', unit: 'celsius' as const, min: 5, max: 30 },
    currentTemperature: { property: 'temperature', unit: 'celsius' as const },
    thermostatMode: { property: 'mode', modes: { heat: 'heat', eco: 'eco', off: 'off' } },
  },
};

/** `PUT /v1/vendors/{vendorId}/products/{productId}/assistant-mapping` (and broker-api's own route). */
export const AssistantMapping = Type.Object(
  { deviceType: AssistantDeviceType, capabilities },
  { additionalProperties: false, examples: [thermostatExample] },
);
export type AssistantMapping = Static<typeof AssistantMapping>;

/** A realistic thermostat mapping, tested to validate and reused as a fixture. */
export const assistantMappingExample: AssistantMapping = thermostatExample;

/** The capabilities each device type needs at least one of, to be of any use to an assistant. */
const neededCapabilities: Record<AssistantDeviceType, readonly (keyof AssistantMapping['capabilities'])[]> = {
  thermostat: ['targetTemperature', 'currentTemperature', 'thermostatMode'],
  light: ['power', 'brightness', 'color'],
  outlet: ['power'],
  switch: ['power'],
  'temperature-sensor': ['currentTemperature'],
};

/** A problem found in a mapping: where (a JSON pointer into it) and why. */
export interface AssistantMappingProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * What makes a (schema-valid) mapping unusable for the product: a property that is not one of its features,
 * an empty or inverted range, on equal to off, a mode value used twice, or none of the capabilities its
 * device type needs. Empty when it is usable.
 */
export function findAssistantMappingProblems(
  mapping: AssistantMapping,
  features: readonly string[],
): AssistantMappingProblem[] {
  const problems: AssistantMappingProblem[] = [];
  const { capabilities: declared } = mapping;
  for (const [name, capability] of Object.entries(declared)) {
    if (!features.includes(capability.property))
      problems.push({
        path: `/capabilities/${name}/property`,
        message: `${capability.property} is not a feature of the product`,
      });
  }
  for (const name of ['brightness', 'targetTemperature'] as const) {
    const range = declared[name];
    if (range !== undefined && !((range.min ?? 0) < (range.max ?? 100)))
      problems.push({ path: `/capabilities/${name}/max`, message: 'must be greater than min' });
  }
  const power = declared.power;
  if (power !== undefined && (power.on ?? true) === (power.off ?? false))
    problems.push({ path: '/capabilities/power/off', message: 'must differ from on' });
  const modeValues = Object.values(declared.thermostatMode?.modes ?? {});
  if (declared.thermostatMode !== undefined && modeValues.length === 0)
    problems.push({ path: '/capabilities/thermostatMode/modes', message: 'must name at least one mode' });
  if (new Set(modeValues).size !== modeValues.length)
    problems.push({
      path: '/capabilities/thermostatMode/modes',
      message: 'each mode needs its own value',
    });
  const needed = neededCapabilities[mapping.deviceType];
  if (!needed.some((name) => declared[name] !== undefined))
    problems.push({
      path: '/capabilities',
      message: `the device type ${mapping.deviceType} needs at least one of ${needed.join(', ')}`,
    });
  return problems;
}
