import {
  BrokerDesiredStateRequest,
  DesiredStateResponse,
  DeviceIdParams,
  ShadowResponse,
} from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import type { ShadowService } from '../../domain/shadow-service';
import { errorResponses } from './error-responses';
import { toDesiredStateResponse, toShadowResponse } from './responses';

const tags = ['desired state'];
const published =
  'Stored with the next version and published at QoS 1, retained, on the device desired topic (and the delta ' +
  'when a reported state is known). With expectedVersion, answers 409 when the version moved on. `source` ' +
  '(owner, vendor, automation, assistant) says who asked: device.changed carries it, with the properties.';

/** The device shadow: desired state (replace or merge) and the desired/reported/delta view. */
export const shadowRoutes: HttpRoutes<{ shadows: ShadowService }> = (app, { shadows }) => {
  const desiredSchema = (description: string) => ({
    tags,
    description,
    params: DeviceIdParams,
    body: BrokerDesiredStateRequest,
    response: { 200: DesiredStateResponse, ...errorResponses(400, 404, 409, 503) },
  });
  app.get(
    '/devices/:deviceId/shadow',
    { schema: { tags, params: DeviceIdParams, response: { 200: ShadowResponse, ...errorResponses(404) } } },
    async (request) => toShadowResponse(await shadows.getShadow(request.params.deviceId)),
  );
  app.get(
    '/devices/:deviceId/desired',
    {
      schema: {
        tags,
        params: DeviceIdParams,
        response: { 200: DesiredStateResponse, ...errorResponses(404) },
      },
    },
    async (request) => toDesiredStateResponse(await shadows.getDesired(request.params.deviceId)),
  );
  app.put(
    '/devices/:deviceId/desired',
    { schema: desiredSchema(`Replaces the desired state. ${published}`) },
    async (request) => {
      const { state, ...options } = request.body;
      return toDesiredStateResponse(await shadows.setDesired(request.params.deviceId, state, options));
    },
  );
  app.patch(
    '/devices/:deviceId/desired',
    { schema: desiredSchema(`Merges a JSON merge patch (RFC 7386; null removes). ${published}`) },
    async (request) => {
      const { state, ...options } = request.body;
      return toDesiredStateResponse(await shadows.patchDesired(request.params.deviceId, state, options));
    },
  );
  return Promise.resolve();
};
