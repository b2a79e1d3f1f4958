import { parseQueryResponse } from './influx-query-result';

function catchThrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseQueryResponse', () => {
  it('when several statements return series, their rows come back in order as records', () => {
    const body = {
      results: [
        {
          statement_id: 0,
          series: [{ name: 'cpu', tags: { host: 'a' }, columns: ['time', 'load'], values: [[1000, 0.5]] }],
        },
        { statement_id: 1 },
        { statement_id: 2, series: [{ name: 'mem', columns: ['time', 'free'], values: [[2000, 12]] }] },
      ],
    };

    expect(parseQueryResponse(body)).toEqual([
      { measurement: 'cpu', tags: { host: 'a' }, values: { time: 1000, load: 0.5 } },
      { measurement: 'mem', tags: {}, values: { time: 2000, free: 12 } },
    ]);
  });

  it('when a statement failed, the error is invalid with the server message', () => {
    const body = { results: [{ statement_id: 0, error: 'database not found: x' }] };
    expect(catchThrown(() => parseQueryResponse(body))).toMatchObject({
      kind: 'invalid',
      message: 'database not found: x',
    });
  });

  it('when the body is not a /query answer, the error is internal', () => {
    expect(catchThrown(() => parseQueryResponse({ rows: [] }))).toMatchObject({ kind: 'internal' });
  });
});
