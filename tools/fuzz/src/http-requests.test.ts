import { readOperations, type OpenApiDocument } from './http-requests';

const publicApiDocument: OpenApiDocument = {
  paths: {
    '/v1/sessions': { post: {} },
    '/v1/homes/{homeId}': {
      get: { security: [{ bearerAuth: [] }], parameters: [{ in: 'path', name: 'homeId' }] },
    },
    '/health': { get: {} },
  },
};

const brokerApiDocument: OpenApiDocument = {
  paths: { '/devices': { get: {} }, '/ready': { get: {} } },
};

const tokenNeeds = (service: string, document: OpenApiDocument) =>
  readOperations(service, document).map((operation) => `${operation.route} ${operation.needsToken}`);

describe('reading an OpenAPI document', () => {
  it("public-api's routes need a token exactly when their operation declares a security requirement", () => {
    expect(tokenNeeds('public-api#1', publicApiDocument)).toEqual([
      '/v1/sessions false',
      '/v1/homes/{homeId} true',
      '/health false',
    ]);
  });

  it("broker-api's document declares no security: every route but health, readiness, metrics and the document needs it", () => {
    expect(tokenNeeds('broker-api', brokerApiDocument)).toEqual(['/devices true', '/ready false']);
  });

  it('a document-wide requirement applies to operations that do not set their own', () => {
    const document: OpenApiDocument = { ...publicApiDocument, security: [{ bearerAuth: [] }] };

    expect(tokenNeeds('public-api', document)).toEqual([
      '/v1/sessions true',
      '/v1/homes/{homeId} true',
      '/health true',
    ]);
  });
});
