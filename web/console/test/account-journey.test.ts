import { requestJson } from '@homeport/testing';
import { checkPage } from './support/browser';
import { phoneViewport, startJourneyPlatform, type JourneyPlatform } from './support/journey-platform';

jest.setTimeout(240_000);

const ada = { email: 'ada@example.com', password: 'correct horse battery staple' };
const grace = { email: 'grace@example.com', password: 'grace hopper compiles' };
let journey: JourneyPlatform | undefined;

beforeAll(async () => {
  journey = await startJourneyPlatform('account');
});

afterAll(async () => {
  await journey?.close();
});

describe('the web console account page, in Chromium against npm start', () => {
  it("a maker deletes her account: refused while she is the vendor's only admin, then signed out once another admin joined", async () => {
    const running = journey!.platform;
    const apiUrl = running.platform.publicApiUrl ?? '';
    const code = /join the demo vendor \(makers\)\s+\S+\/join\/demo\/(\S+)/.exec(running.output())?.[1];
    // Each joins the demo vendor as its admin with the banner's code, as a maker does.
    const joinDemoVendor = async (person: typeof ada) => {
      expect((await requestJson(apiUrl, 'POST', '/v1/account/sign-up', { body: person })).status).toBe(202);
      const session = await requestJson<{ accessToken: string }>(apiUrl, 'POST', '/v1/sessions', {
        body: person,
      });
      const joined = await requestJson(apiUrl, 'POST', '/v1/vendors/demo/join', {
        body: { code },
        token: session.body.accessToken,
      });
      expect(joined.status).toBe(200);
    };
    await joinDemoVendor(ada);

    const page = await (await journey!.browser.newContext({ viewport: phoneViewport })).newPage();
    await page.goto(`${apiUrl}/`);
    await page.getByLabel('Email').fill(ada.email);
    await page.getByLabel('Password').fill(ada.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Account' }).click();
    const deleteAccount = async (password: string) => {
      await page.getByLabel('Your password').fill(password);
      await page.getByLabel('I understand').check();
      await page.getByRole('button', { name: 'Delete my account' }).click();
    };

    await deleteAccount('not my password');
    await page.getByRole('alert').filter({ hasText: 'The current password is not correct' }).waitFor();
    await deleteAccount(ada.password);
    await page.getByRole('list', { name: 'What someone else must manage first' }).waitFor();
    expect(await page.getByRole('list', { name: 'What someone else must manage first' }).textContent()).toBe(
      'Vendor demo: you are its only admin',
    );
    await checkPage(page, 'account-deletion-refused');

    await joinDemoVendor(grace);
    await deleteAccount(ada.password);
    await page.getByRole('status').filter({ hasText: 'Your account is deleted.' }).waitFor();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('homeport.session'))).toBeNull();
    expect((await requestJson(apiUrl, 'POST', '/v1/sessions', { body: ada })).status).toBe(401);
  });
});
