import {
  describeEmptyTable,
  followNext,
  followPrevious,
  formatTableQuery,
  parseTableQuery,
  withFilters,
} from './device-table-query';

describe("the vendor's device table keeps its search, filters and page in the URL", () => {
  it('a search with filters and a page survives a reload', () => {
    const query = { search: 'th 0/1', productId: 'thermo-2', claimed: false, online: true, after: 'th-0050' };
    expect(parseTableQuery(new URLSearchParams(formatTableQuery(query)))).toEqual(query);
    expect(formatTableQuery({})).toBe('');
  });

  it('blank, unknown or overlong parameters are dropped or cut to what public-api accepts', () => {
    const params = new URLSearchParams({ search: '   ', claimed: 'maybe', online: 'false', sort: 'x' });
    expect(parseTableQuery(params)).toEqual({ online: false });
    expect(parseTableQuery(new URLSearchParams({ search: 'x'.repeat(80) })).search).toHaveLength(64);
  });

  it('changing the search or a filter goes back to the first page and keeps the other filters', () => {
    expect(withFilters({ search: 'th', claimed: true, after: 'th-0100' }, { search: 'lamp' })).toEqual({
      search: 'lamp',
      claimed: true,
    });
    expect(withFilters({ search: 'th', claimed: true }, { claimed: undefined })).toEqual({ search: 'th' });
  });

  it('next then previous pages return to the page the person came from; after a reload there is none', () => {
    const second = followNext({ before: [] }, undefined);
    const third = followNext(second, 'th-0050');
    expect(followPrevious(third)).toEqual({ after: 'th-0050', trail: second });
    expect(followPrevious(second)).toEqual({ after: undefined, trail: { before: [] } });
    expect(followPrevious({ before: [] })).toBeUndefined();
  });

  it('an empty page says whether nothing matches, the list ended, or the vendor has no devices yet', () => {
    expect(describeEmptyTable({ search: 'zz' }).title).toBe('No device matches “zz”');
    expect(describeEmptyTable({ claimed: true }).title).toBe('No device matches these filters');
    expect(describeEmptyTable({ after: 'th-9' }).title).toBe('No more devices');
    expect(describeEmptyTable({}).title).toBe('This vendor has no devices yet');
  });
});
