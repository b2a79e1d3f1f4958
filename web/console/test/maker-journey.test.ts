import { waitForValue } from '@homeport/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { checkPage } from './support/browser';
import { phoneViewport, startJourneyPlatform, type JourneyPlatform } from './support/journey-platform';
import { connectTestThermostat, type TestThermostat } from './support/thermostat';

jest.setTimeout(240_000);

const maker = { email: 'hedy@example.com', password: 'frequency hopping since 1942' };
const operator = { email: 'margaret@example.com', password: 'the lunar module software 1969' };
let journey: JourneyPlatform | undefined;
let thermostat: TestThermostat | undefined;
/** The maker's tab, shared by the journeys in order. */
let page: Page;
let plug: MqttClient | undefined;

beforeAll(async () => {
  journey = await startJourneyPlatform('maker');
});

afterAll(async () => {
  await thermostat?.close();
  await plug?.endAsync();
  await journey?.close();
});

/** The session's access token, as the console keeps it in the tab. */
function readAccessToken(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      (JSON.parse(sessionStorage.getItem('homeport.session') ?? '{}') as { accessToken?: string })
        .accessToken ?? '',
  );
}

/** Opens a banner's join link in a new phone-sized page, signing up on the way (the link keeps its place). */
async function signUpFromLink(url: string, person: { email: string; password: string }): Promise<Page> {
  const page = await (await journey!.browser.newContext({ viewport: phoneViewport })).newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  return page;
}

describe('the maker area of the web console, in Chromium against npm start', () => {
  it("a person opens the banner's join link, signs up, becomes a maker of the demo vendor, sees the connected thermostat in the fleet and finds it in the device table, and downloads yesterday's report as CSV", async () => {
    const running = journey!.platform;
    const apiUrl = running.platform.publicApiUrl ?? '';
    const joinUrl = await waitForValue(
      () => Promise.resolve(/join the demo vendor \(makers\)\s+(\S+)/.exec(running.output())?.[1]),
      'the banner to print the join link',
    );
    expect(joinUrl).toMatch(new RegExp(`^${apiUrl}/#/join/demo/[A-Za-z0-9_-]{32}$`));
    thermostat = await connectTestThermostat(running.platform, 'th-maker-0001');
    await thermostat.report({ temperature: 20.5, firmware: '2.4.1', battery: 87 });
    // Not signed in yet: the link keeps its place while the person signs up.
    page = await signUpFromLink(joinUrl, maker);
    await page.getByRole('heading', { name: 'Join the vendor demo' }).waitFor();
    await checkPage(page, 'maker-1-join');
    await page.getByRole('button', { name: 'Join demo' }).click();

    await page.getByRole('heading', { name: 'Fleet of demo' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Vendor demo' })
      .getByRole('link', { name: 'Devices' })
      .waitFor();
    // analytics counts the thermostat from the platform's events: once it does, the page shows it.
    const token = await readAccessToken(page);
    await waitForValue(async () => {
      const answer = await fetch(`${apiUrl}/v1/vendors/demo/analytics/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const figures = (await answer.json()) as {
        fleet?: { online: number; firmware: Record<string, number> };
      };
      return figures.fleet?.online === 1 && figures.fleet.firmware['2.4.1'] === 1 ? true : undefined;
    }, 'analytics to count the thermostat online with its firmware');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.locator('[data-figure="online"]', { hasText: /^1$/ }).waitFor();
    expect(await page.locator('[data-figure="provisioned"]').textContent()).toBe('1');
    await page.getByRole('list', { name: 'Firmware versions' }).getByText('2.4.1').waitFor();
    await page.locator('.chart canvas').first().waitFor();
    await page.getByRole('button', { name: 'Last week' }).click();
    await page.locator('[data-figure="online"]', { hasText: /^1$/ }).waitFor();
    await checkPage(page, 'maker-2-fleet');

    // The device table: the thermostat listed, found by a search typed in any case, a search of nothing says so.
    const vendorNav = page.getByRole('navigation', { name: 'Vendor demo' });
    await vendorNav.getByRole('link', { name: 'Devices' }).click();
    const table = page.getByRole('table', { name: "The vendor's devices in id order" });
    await table.getByRole('rowheader', { name: 'th-maker-0001' }).waitFor();
    const search = page.getByLabel('Search by id or name');
    await search.fill('TH-MAKER');
    await page.waitForURL(/#\/vendors\/demo\/devices\?search=TH-MAKER$/);
    await table.getByRole('rowheader', { name: 'th-maker-0001' }).waitFor();
    await checkPage(page, 'maker-3-devices');
    await search.fill('nothing-here');
    await page.getByRole('heading', { name: 'No device matches “nothing-here”' }).waitFor();

    await vendorNav.getByRole('link', { name: 'Reports' }).click();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await page.getByLabel('Day (UTC)').inputValue()).toBe(yesterday);
    // The platform started today: yesterday's report counts no device, and says what to do.
    await page.getByRole('heading', { name: 'No devices in this report' }).waitFor();
    await checkPage(page, 'maker-4-reports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Download CSV of ${yesterday}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`demo-${yesterday}.csv`);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('product,metric,key,value');
    expect(csv).toContain('*,provisioned,,0');
  });

  it("the maker makes an API key, sees it once, the vendor's back end reads with it, and revoking it ends it", async () => {
    const devicesUrl = `${journey!.platform.platform.publicApiUrl ?? ''}/v1/vendors/demo/devices`;
    await page
      .getByRole('navigation', { name: 'Vendor demo' })
      .getByRole('link', { name: 'API keys' })
      .click();
    await page.getByRole('heading', { name: 'No API key yet' }).waitFor();
    await page.getByLabel('Key name').fill('factory line 3');
    // "read the devices" is ticked already: the least a key needs to be of use.
    expect(await page.getByRole('checkbox', { name: /read the devices/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByRole('list', { name: 'API keys' }).getByText('factory line 3').waitFor();
    const key = (await page.locator('[data-secret]').textContent()) ?? '';
    expect(key).toMatch(/^hpk_/);
    expect(page.url()).not.toContain(key);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy to clipboard' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await checkPage(page, 'maker-8-api-keys');

    const read = await fetch(devicesUrl, { headers: { authorization: `Bearer ${key}` } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { items: { id: string }[] }).items.map((device) => device.id)).toEqual([
      'th-maker-0001',
    ]);
    await page.getByRole('button', { name: 'Revoke factory line 3' }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await page
      .getByRole('list', { name: 'API keys' })
      .getByText(/^revoked /)
      .waitFor();
    expect(await page.locator('[data-secret]').count()).toBe(0);
    expect((await fetch(devicesUrl, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  });

  it("the maker subscribes a back end to the devices' state, the thermostat reports, and the delivery shows in the log", async () => {
    const received: IncomingHttpHeaders[] = [];
    const receiver: Server = createServer((request, response) => {
      received.push(request.headers);
      request.resume();
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/homeport`;
      await page
        .getByRole('navigation', { name: 'Vendor demo' })
        .getByRole('link', { name: 'Webhooks' })
        .click();
      await page.getByRole('heading', { name: 'No webhook yet' }).waitFor();
      await page.getByLabel('Endpoint URL (https://)').fill(receiverUrl);
      await page.getByLabel('Description (optional)').fill('our cloud');
      await page.getByRole('button', { name: 'Create webhook' }).click();
      await page.getByRole('list', { name: 'Webhooks' }).getByText(receiverUrl).waitFor();
      expect((await page.locator('[data-secret]').textContent()) ?? '').toMatch(/^whsec_/);

      // public-api matches the thermostat's events to the new endpoint; notifications delivers them.
      await waitForValue(
        async () => {
          await thermostat!.report({ temperature: 20 + Math.random() });
          return received.length > 0 ? true : undefined;
        },
        'a state-changed delivery to reach the test receiver',
        { intervalMs: 1000 },
      );
      expect(received[0]?.['webhook-signature']).toMatch(/^v1,/);
      await page.getByRole('button', { name: 'Show deliveries' }).click();
      const delivered = page.locator('[data-delivery-status="delivered"]').first();
      await waitForValue(async () => {
        if (await delivered.isVisible()) return true;
        await page.getByRole('button', { name: 'Refresh the log' }).click();
        return undefined;
      }, 'the delivery to show as delivered in the log');
      expect(await delivered.textContent()).toContain('✓ delivered');
      await page
        .getByRole('table', { name: `Deliveries to ${receiverUrl}, newest first` })
        .getByText('HTTP 204')
        .first()
        .waitFor();
      await checkPage(page, 'maker-9-webhooks');
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it("the maker reads the vendor's audit log: the key's creation and revocation, by whom", async () => {
    await page
      .getByRole('navigation', { name: 'Vendor demo' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    const log = page.getByRole('table', { name: 'Who did what, newest first' });
    // Who: the maker by email, once the page has read the vendor's members.
    await log
      .locator('[data-action="api-key.created"]', { hasText: `${maker.email} (signed in)` })
      .filter({ hasText: 'name: factory line 3' })
      .waitFor();
    await log.locator('[data-action="api-key.revoked"]').waitFor();
    await checkPage(page, 'maker-10-audit');
  });
  it("a person opens the banner's operator link, signs up, becomes an operator and sees every service up and the queues", async () => {
    const running = journey!.platform;
    const joinUrl = await waitForValue(
      () => Promise.resolve(/become an operator \(health, queues\)\s+(\S+)/.exec(running.output())?.[1]),
      "the banner to print the operators' join link",
    );
    expect(joinUrl).toMatch(/\/#\/join-operators\/[A-Za-z0-9_-]{32}$/);
    const page = await signUpFromLink(joinUrl, operator);
    await page.getByRole('button', { name: 'Become an operator' }).click();

    await page.getByRole('heading', { name: 'Operations', level: 1 }).waitFor();
    await page
      .getByRole('navigation', { name: 'Account' })
      .getByRole('link', { name: 'Operations' })
      .waitFor();
    const health = page.getByRole('table', { name: 'Services and their dependencies' });
    for (const service of [
      'public-api',
      'broker-api',
      'fan-out',
      'state-workers',
      'notifications',
      'alerts',
    ]) {
      await health.getByRole('rowheader', { name: service, exact: true }).waitFor();
    }
    await page.getByText('All 8 services are up.').waitFor();
    const queues = page.getByRole('table', { name: 'Work queues and their dead letters' });
    await queues.getByRole('rowheader', { name: 'notifications.account-emails' }).waitFor();
    await checkPage(page, 'operator-1-health');
  });

  it('the maker creates a product, provisions one device and a CSV batch (one row refused), prints their labels, connects one over MQTT with a credential and finds them in the device table', async () => {
    const apiUrl = journey!.platform.platform.publicApiUrl ?? '';
    const page = await (await journey!.browser.newContext({ viewport: phoneViewport })).newPage();
    await page.goto(apiUrl);
    await page.getByLabel('Email').fill(maker.email);
    await page.getByLabel('Password').fill(maker.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    const vendorNav = page.getByRole('navigation', { name: 'Vendor demo' });

    // Products: a bad id is refused beside its field, then the product is made with its features.
    await vendorNav.getByRole('link', { name: 'Products' }).click();
    await page.getByRole('heading', { name: 'Products of demo' }).waitFor();
    await page.getByLabel('Product id').fill('smart plug');
    await page.getByLabel('Product name').fill('Smart plug');
    await page.getByLabel('Features', { exact: true }).fill('power, energy');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.locator('#product-id-problem', { hasText: 'must match pattern' }).waitFor();
    await page.getByLabel('Product id').fill('plug-1');
    await page.getByRole('button', { name: 'Create product' }).click();
    const plugFeatures = page.getByRole('list', { name: 'Features of Smart plug' });
    await plugFeatures.getByText('energy').waitFor();
    // Its assistant mapping: a property that is not a feature is named, then a right one is saved.
    await page.getByRole('button', { name: 'Edit the assistant mapping of Smart plug' }).click();
    const mapping = page.getByLabel('Assistant mapping of plug-1 (JSON)');
    await mapping.fill('{"deviceType":"outlet","capabilities":{"power":{"property":"relay"}}}');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page
      .getByRole('list', { name: 'Refused capabilities' })
      .getByText('relay is not a feature of the product')
      .waitFor();
    await mapping.fill('{"deviceType":"outlet","capabilities":{"power":{"property":"power"}}}');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByText('Exposed to voice assistants (device type: outlet).').waitFor();
    await checkPage(page, 'maker-5-products');

    // One device, then a batch: a row with problems holds the file back; the server refuses an existing id.
    await vendorNav.getByRole('link', { name: 'Provision' }).click();
    await page.getByLabel('Product', { exact: true }).selectOption('plug-1');
    await page.getByLabel('Device id (optional)').fill('plug-0001');
    await page.getByRole('button', { name: 'Provision device' }).click();
    const provisioned = page.getByRole('table', { name: 'Claim codes of the devices provisioned' });
    await provisioned.getByRole('rowheader', { name: 'plug-0001' }).waitFor();
    const batch = page.getByLabel('Or paste the CSV text');
    await batch.fill('id,name,productId\nplug-0002,Desk\nplug-0002,Shelf,toaster\n');
    await page.getByRole('cell', { name: 'It has 2 fields, the header 3.' }).waitFor();
    await page.getByText('The id “plug-0002” is on line 2 already.', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Provision 2 devices' }).isDisabled()).toBe(true);
    await batch.fill(
      'id,name,productId\nplug-0002,"Desk, left",plug-1\nplug-0001,Again,plug-1\nplug-0003,Shelf,plug-1\n',
    );
    await page.getByRole('button', { name: 'Provision 3 devices' }).click();
    const outcomes = page.getByRole('table', { name: 'Batch sent: 2 created, 1 refused' });
    await outcomes.waitFor();
    expect(await outcomes.locator('[data-outcome="refused"]').textContent()).toContain(
      'refused: DEVICE_EXISTS',
    );
    await provisioned.getByRole('rowheader', { name: 'plug-0003' }).waitFor();
    await checkPage(page, 'maker-6-provision');

    // The labels: a QR code each, drawn by the lazily loaded qrcode; printed, the navigation is left out.
    const claimCodes = await provisioned.locator('td.secret').allTextContents();
    await page.getByRole('button', { name: 'Show printable labels' }).click();
    await page.getByRole('heading', { name: 'Labels of 3 devices' }).waitFor();
    await page.getByRole('img', { name: 'QR code to claim plug-0003' }).locator('svg').waitFor();
    expect(await page.locator('.label svg').count()).toBe(3);
    await checkPage(page, 'maker-7-labels');
    await page.emulateMedia({ media: 'print' });
    expect(await vendorNav.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print labels' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    // The claim codes are secrets: not in the URL, nor in the tab's storage.
    const kept = await page.evaluate(
      () => `${window.location.href} ${JSON.stringify(sessionStorage)} ${JSON.stringify(localStorage)}`,
    );
    expect(claimCodes.filter((code) => kept.includes(code))).toEqual([]);

    await page.getByRole('button', { name: 'Back to provisioning' }).click();

    // A provisioned device works as firmware would: a credential issued through the API, a real MQTT connection.
    const token = await readAccessToken(page);
    const issued = await fetch(`${apiUrl}/v1/vendors/demo/devices/plug-0002/credentials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(issued.status).toBe(201);
    const { secret } = (await issued.json()) as { secret: string };
    plug = await mqtt.connectAsync(journey!.platform.platform.mqttUrl, {
      protocolVersion: 4,
      clientId: 'plug-0002',
      username: 'plug-0002',
      password: secret,
      clean: true,
    });
    await waitForValue(async () => {
      const answer = await fetch(`${apiUrl}/v1/vendors/demo/devices?search=plug-0002`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const found = (await answer.json()) as { items?: { online: boolean }[] };
      return found.items?.[0]?.online === true ? true : undefined;
    }, 'the provisioned plug to show online');

    await vendorNav.getByRole('link', { name: 'Devices' }).click();
    const table = page.getByRole('table', { name: "The vendor's devices in id order" });
    for (const id of ['plug-0001', 'plug-0002', 'plug-0003'])
      await table.getByRole('rowheader', { name: id }).waitFor();
    await table.locator('tr[data-device-id="plug-0002"]').getByText('online', { exact: true }).waitFor();
  });

  it("the maker makes a default alert rule for the plug product, edits it, disables and deletes it, then reads the activation funnel's steps", async () => {
    const vendorNav = page.getByRole('navigation', { name: 'Vendor demo' });
    await vendorNav.getByRole('link', { name: 'Alert rules' }).click();
    await page.getByRole('heading', { name: 'Alert rules of demo' }).waitFor();
    await page.getByText('No rule yet: create one below.').waitFor();
    await page.getByLabel('Rule name').fill('Plug drawing too much');
    await page.getByLabel('Product', { exact: true }).selectOption({ label: 'Smart plug' });
    // The readings offered are the product's features.
    await page.getByLabel('Reading', { exact: true }).selectOption('energy');
    await page.getByLabel('Fires when the reading is').selectOption('>');
    await page.getByLabel('Threshold').fill('3000');
    await page.getByRole('button', { name: 'Create rule' }).click();
    const rules = page.getByRole('list', { name: 'Alert rules' });
    await rules.getByText('every plug-1: energy above 3000').waitFor();

    await rules.getByRole('button', { name: 'Edit rule Plug drawing too much' }).click();
    expect(await rules.getByText('Watches every plug-1.').isVisible()).toBe(true);
    await rules.getByLabel('Threshold').fill('3500');
    await rules.getByRole('button', { name: 'Save rule' }).click();
    await rules.getByText('every plug-1: energy above 3500').waitFor();
    await rules.getByRole('button', { name: 'Disable rule Plug drawing too much' }).click();
    await rules.getByRole('button', { name: 'Enable rule Plug drawing too much' }).waitFor();
    await rules.getByText('disabled', { exact: true }).waitFor();
    await checkPage(page, 'maker-11-alert-rules');
    await rules.getByRole('button', { name: 'Delete rule Plug drawing too much' }).click();
    await page.getByText('No rule yet: create one below.').waitFor();

    // The funnel of the last 30 days: the devices provisioned today, none claimed by a home.
    await vendorNav.getByRole('link', { name: 'Funnel' }).click();
    await page.getByRole('heading', { name: 'Activation funnel of demo' }).waitFor();
    const funnel = page.getByRole('table', { name: /^Activation of the devices registered / });
    for (const step of [
      'Provisioned',
      'Claimed by a home',
      'Online after the claim',
      'Active 7 to 14 days after the claim',
    ])
      await funnel.getByRole('rowheader', { name: step }).waitFor();
    expect(
      Number(await funnel.locator('[data-step="provisioned"] [data-figure="devices"]').textContent()),
    ).toBeGreaterThan(0);
    expect(await funnel.locator('[data-step="claimed"] [data-figure="devices"]').textContent()).toBe('0');
    await checkPage(page, 'maker-12-funnel');
  });
});
