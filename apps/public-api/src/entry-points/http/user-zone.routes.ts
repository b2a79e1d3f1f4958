import { UserZoneList, UserZoneParams, UserZoneRequest, UserZoneResponse } from '@homeport/contracts';
import type { HttpRoutes } from '@homeport/http';
import { Type } from 'typebox';
import type { UserZoneService } from '../../domain/user-zone-service';
import type { UserZone } from '../../domain/user-zones';
import { authenticated, errorResponses, forUsers, userCallerOf } from './authenticate';

const tags = { tags: ['location'], ...authenticated };
const zonesPath = '/account/zones';

const toZoneResponse = (zone: UserZone) => ({
  id: zone.id,
  name: zone.name,
  circle: zone.circle,
  polygon: zone.polygon,
  notify: zone.notify,
  createdAt: zone.createdAt.toISOString(),
});

/** The caller's own zones (work, school): theirs alone, never seen by the members of their homes. */
export const userZoneRoutes: HttpRoutes<{ zones: UserZoneService }> = (app, { zones }) => {
  app.get(
    zonesPath,
    {
      ...forUsers('location:write'),
      schema: { ...tags, response: { 200: UserZoneList, ...errorResponses(401, 403) } },
    },
    async (request) => ({ items: (await zones.list(userCallerOf(request))).map(toZoneResponse) }),
  );
  app.post(
    zonesPath,
    {
      ...forUsers('location:write'),
      schema: {
        ...tags,
        description:
          "A zone of your own (at most 20): a circle or a GeoJSON polygon. Your phones' fixes are evaluated " +
          "against it with a home's rules; entering and leaving it are events (user.zone-entered, " +
          'user.zone-left) for you alone. A polygon unusable as a zone is 400 ZONE_POLYGON_INVALID naming why.',
        body: UserZoneRequest,
        response: { 201: UserZoneResponse, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(toZoneResponse(await zones.create(userCallerOf(request), request.body))),
  );
  app.put(
    `${zonesPath}/:zoneId`,
    {
      ...forUsers('location:write'),
      schema: {
        ...tags,
        description:
          'Replaces the zone: its name, its shape (your presence in it then follows the next fix).',
        params: UserZoneParams,
        body: UserZoneRequest,
        response: { 200: UserZoneResponse, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      toZoneResponse(await zones.replace(userCallerOf(request), request.params.zoneId, request.body)),
  );
  app.delete(
    `${zonesPath}/:zoneId`,
    {
      ...forUsers('location:write'),
      schema: {
        ...tags,
        params: UserZoneParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await zones.remove(userCallerOf(request), request.params.zoneId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
