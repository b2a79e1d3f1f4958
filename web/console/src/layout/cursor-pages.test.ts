import { newestPage, toNextPage, toPreviousPage } from './cursor-pages';

describe('paging through a log with cursors', () => {
  it('when the person goes two pages on and back twice, they are on the newest page again', () => {
    const second = toNextPage(newestPage, '4812');
    const third = toNextPage(second, '4790');
    expect(third).toEqual({ current: '4790', before: [undefined, '4812'] });
    const back = toPreviousPage(third);
    expect(back).toEqual(second);
    expect(toPreviousPage(second)).toEqual(newestPage);
  });

  it('when on the newest page, there is no previous page', () => {
    expect(toPreviousPage(newestPage)).toBeUndefined();
  });
});
